/**
 * Sends a list of datagrams to a UDP port at a paced rate, from this process, and reports what
 * was sent. Pacing works in 1 ms slices; node:dgram's send queue is drained between slices so
 * the sender never buffers without bound. When on schedule the sender sleeps until the next slice
 * instead of spinning, so that it does not take a whole core from the receiver it measures.
 */
import { createSocket } from 'node:dgram';

/** Result of a paced send. */
export interface SendResult {
  readonly sent: number;
  readonly seconds: number;
  /** Achieved datagrams per second. */
  readonly rate: number;
}

/** Sends `datagrams` (cycled until `count`) at `ratePerSecond` to 127.0.0.1:`port`. */
export async function sendPaced(datagrams: readonly Uint8Array[], port: number, ratePerSecond: number, count = datagrams.length): Promise<SendResult> {
  const s = createSocket('udp4');
  s.connect(port, '127.0.0.1');
  await new Promise<void>((r) => s.once('connect', () => r()));
  const start = performance.now();
  let sent = 0;
  let inFlight = 0;
  const onSent = (): void => {
    inFlight--;
  };
  while (sent < count) {
    const due = Math.min(count, Math.floor(((performance.now() - start) / 1000) * ratePerSecond) + 1);
    while (sent < due && inFlight < 4096) {
      inFlight++;
      s.send(datagrams[sent % datagrams.length]!, onSent);
      sent++;
    }
    if (sent >= due && sent < count) await new Promise((r) => setTimeout(r, 1));
    else await new Promise((r) => setImmediate(r));
  }
  while (inFlight > 0) await new Promise((r) => setImmediate(r));
  const seconds = (performance.now() - start) / 1000;
  s.close();
  return { sent, seconds, rate: sent / seconds };
}
