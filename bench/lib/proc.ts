/** Process and socket figures read from /proc (Linux), for benchmarks of separate processes. */
import { readFileSync } from 'node:fs';

const CLK_TCK = 100;

/** User + system CPU seconds consumed so far by process `pid` (all threads). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after the command: state is [0]; utime is field 14 → index 11, stime index 12.
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Resident set size of process `pid`, bytes. */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m === null ? 0 : Number(m[1]) * 1024;
}

/** Kernel drop counter of the UDP socket(s) bound to `port` (IPv4 and IPv6 tables summed). */
export function udpDrops(port: number): number {
  let drops = 0;
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 13) continue;
      if (f[1]!.endsWith(`:${hexPort}`)) drops += Number(f[f.length - 1]);
    }
  }
  return drops;
}
