/**
 * `sakimori replay <capture>`: feeds the export datagrams of a pcap/pcapng capture through the
 * collector's pipeline, as `nfreplay`/`goflow2` users would, and prints a per-exporter summary or
 * every decoded record as JSON lines.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ManualClock } from '../../core/clock.js';
import { defineError } from '../../core/errors.js';
import { DECODE_ERROR_NAMES } from '../../flow/decoder.js';
import { formatJsonLine } from '../../flow/jsonl.js';
import { replayCapture, type ReplayProgress } from '../../collector/replay.js';
import { createTrafficMeter } from '../../collector/traffic-meter.js';
import { buildCollector, commandContext, positiveNumber } from '../context.js';

export const ERR_REPLAY_FILE = defineError<[string, string]>('SAKIMORI_ERR_REPLAY_FILE', 'cannot read capture %s: %s', 400);

interface ReplayOpts {
  format: 'summary' | 'jsonl' | 'json';
  speed?: number;
  fast?: boolean;
  progress?: boolean;
}

/** Registers `sakimori replay`. */
export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('feed the NetFlow/IPFIX/sFlow datagrams of a pcap or pcapng capture through the pipeline')
    .argument('<capture>', 'pcap or pcapng file with export datagrams')
    .option('-f, --format <format>', 'summary (per-exporter table), json (summary as JSON) or jsonl (every record, one JSON object per line)', 'summary')
    .option('-s, --speed <multiple>', 'pace at this multiple of real time (1 = as captured; 0 = as fast as possible)', positiveNumber('--speed'))
    .option('--fast', 'as fast as possible (same as --speed 0); the default for --format jsonl')
    .option('--progress', 'print progress to stderr (default when stderr is a terminal)')
    .addHelpText(
      'after',
      "\nExamples:\n  sakimori replay router.pcap\n  sakimori replay --format jsonl export.pcapng | jq 'select(.destinationTransportPort==53)'\n  sakimori replay --speed 10 day.pcap",
    )
    .action(async (file: string, opts: ReplayOpts, cmd: Command) => {
      if (!['summary', 'jsonl', 'json'].includes(opts.format)) throw new Error(`--format must be summary, json or jsonl, got ${JSON.stringify(opts.format)}`);
      const ctx = commandContext(cmd, { logLevel: 'warn' });
      // A reader that stops early (`| head`) is not an error: stop quietly.
      process.stdout.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') process.exit(0);
        throw e;
      });
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file);
      } catch (e) {
        throw new ERR_REPLAY_FILE(file, (e as Error).message, { cause: e });
      }
      const speed = opts.fast === true ? 0 : (opts.speed ?? (opts.format === 'jsonl' ? 0 : 1));
      const clock = new ManualClock(0);
      const deps = { clock, logger: ctx.logger, metrics: ctx.metrics };
      const collector = buildCollector({ ...ctx.config.collector, enabled: false }, deps);
      // Replay reads the meter's totals at the end; it never logs them on a timer.
      const meter = createTrafficMeter({ trafficLogSeconds: 0 }, deps);
      collector.addConsumer(meter);
      let pending: string[] = [];
      if (opts.format === 'jsonl') {
        const addr = (i: number): string => collector.exporters.addressOf(i);
        collector.addConsumer({
          name: 'jsonl',
          consume(batch) {
            for (let i = 0; i < batch.length; i++) pending.push(formatJsonLine(batch, i, addr));
          },
        });
      }
      const writeOut = async (): Promise<void> => {
        if (pending.length === 0) return;
        const chunk = `${pending.join('\n')}\n`;
        pending = [];
        if (!process.stdout.write(chunk)) await new Promise<void>((r) => process.stdout.once('drain', () => r()));
      };
      const showProgress = opts.progress ?? process.stderr.isTTY === true;
      const result = await replayCapture(bytes, collector, {
        speed,
        setTime: (ms) => clock.set(ms),
        afterDatagram: () => (pending.length >= 4096 ? writeOut() : undefined),
        ...(showProgress ? { onProgress: (p: ReplayProgress) => process.stderr.write(`replay: ${p.datagrams}/${p.totalDatagrams} datagrams, ${p.records} records\n`) } : {}),
      });
      collector.flush();
      await writeOut();
      if (opts.format === 'jsonl') return;
      const rows = collector.exporters.all().map((s) => {
        const t = meter.totals(s.index);
        const c = s.counters;
        const errors: Record<string, number> = {};
        c.errors.forEach((v, k) => {
          if (v > 0) errors[DECODE_ERROR_NAMES[k]!] = v;
        });
        return {
          exporter: s.address,
          format: t.format,
          datagrams: c.datagrams,
          records: c.records,
          packets: t.packets,
          bytes: t.bytes,
          templateMisses: c.templateMisses,
          sequenceGaps: c.sequenceGaps,
          lostRecords: c.lostRecords,
          errors,
        };
      });
      const capture = {
        frames: result.capture.frames,
        datagrams: result.capture.datagrams,
        notUdp: result.capture.notUdp,
        truncated: result.capture.truncated,
        fragments: result.capture.fragments,
        unsupportedLinkType: result.capture.unsupportedLinkType,
      };
      if (opts.format === 'json') {
        process.stdout.write(`${JSON.stringify({ capture, exporters: rows }, null, 2)}\n`);
        return;
      }
      const header = ['exporter', 'format', 'datagrams', 'records', 'packets', 'bytes', 'tmpl-miss', 'seq-gaps', 'lost', 'errors'];
      const table = rows.map((r) =>
        [
          r.exporter,
          r.format,
          r.datagrams,
          r.records,
          r.packets,
          r.bytes,
          r.templateMisses,
          r.sequenceGaps,
          r.lostRecords,
          Object.entries(r.errors)
            .map(([k, v]) => `${k}=${v}`)
            .join(',') || '0',
        ].map(String),
      );
      const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
      const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
      process.stdout.write(`${line(header)}\n${table.map(line).join('\n')}\n`);
      process.stdout.write(
        `capture: ${capture.frames} frames, ${capture.datagrams} UDP datagrams, skipped ${capture.notUdp} non-UDP, ${capture.fragments} fragments, ${capture.truncated} truncated, ${capture.unsupportedLinkType} unsupported link type\n`,
      );
    });
}
