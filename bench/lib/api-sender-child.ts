/**
 * The flow export side of `npm run bench:api`, in its own process: NetFlow v5 datagrams (30
 * records each by default) towards the demo networks, from botnet-like sources, sent at a paced rate to the
 * collector with `sendPaced`. The header clock is moved forward every second so the records stay
 * current for detection (and so the live rates are real).
 */
import { v5Datagram, type V5Record } from '../../src/flow/testing/synth-netflow.js';
import { sendPaced } from './udp-sender.js';

const [port, rate, seconds, perDatagram = 30] = process.argv.slice(2).map(Number) as [number, number, number, number?];
const DSTS = ['192.0.2', '198.51.100', '203.0.113', '198.18.0', '198.18.1', '198.18.2', '198.18.3', '198.19.0'];
let seed = 7;
const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;

const UPTIME = 3_600_000;
const pool: Uint8Array[] = [];
for (let d = 0; d < 2000; d++) {
  const records: V5Record[] = Array.from({ length: perDatagram }, () => {
    const packets = 1 + rand(8);
    const t = UPTIME - rand(900);
    return {
      src: `100.${64 + rand(64)}.${rand(256)}.${1 + rand(254)}`,
      dst: `${DSTS[rand(DSTS.length)]}.${1 + rand(254)}`,
      packets,
      bytes: packets * (60 + rand(1400)),
      first: t,
      last: t,
      srcPort: 1024 + rand(60000),
      dstPort: rand(2) === 0 ? 443 : 53,
      protocol: rand(3) === 0 ? 6 : 17,
      tcpFlags: 0x02,
    };
  });
  pool.push(v5Datagram({ sysUptime: UPTIME, unixSecs: Math.floor(Date.now() / 1000), sequence: d * perDatagram }, records));
}
const patch = (): void => {
  const secs = Math.floor(Date.now() / 1000);
  for (const p of pool) new DataView(p.buffer, p.byteOffset, p.byteLength).setUint32(8, secs);
};
const timer = setInterval(patch, 1000);
const result = await sendPaced(pool, port, rate, Math.round(rate * seconds));
clearInterval(timer);
process.send!({ type: 'sent', ...result });
process.exit(0);
