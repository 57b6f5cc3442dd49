/**
 * `sakimori pseudonymize --key-hex <64 hex digits>`: prefix-preserving pseudonyms (Crypto-PAn) for
 * the IP addresses on standard input, one per line, written one per line to standard output.
 *
 * IPv4 text gives IPv4 pseudonyms, IPv6 text IPv6 ones (RFC 5952 form). A line that is not an
 * address gets an empty output line, so the output stays line-aligned with the input, and an
 * error on standard error naming its line number; processing goes on and the exit status is 1 at
 * the end. Blank input lines stay blank. Input is streamed in batches, never read whole.
 */
import { readFile } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { formatIPv4, formatIPv6Words, parseIPv4, tryParseAddress } from '../core/ip.js';
import { nodeAes128 } from './cryptopan/aes-node.js';
import { CryptoPan } from './cryptopan/crypto-pan.js';
import { ERR_CRYPTOPAN_KEY } from './cryptopan/errors.js';
import { parseKeyHex } from './cryptopan/keyring.js';
import type { CommandKit } from '../core/part.js';

/** Streams the command works on; the process's unless a test supplies others. */
export interface PseudonymizeIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly setExitCode: (code: number) => void;
}

/** What a run did. */
export interface PseudonymizeResult {
  readonly lines: number;
  readonly invalid: number;
}

const BATCH = 4096;
/** Errors printed per run before the rest are only counted. */
const MAX_REPORTED = 100;

function write(out: Writable, text: string): Promise<void> | undefined {
  if (out.write(text)) return undefined;
  return new Promise((resolve) => out.once('drain', resolve));
}

class Batch {
  readonly text: string[] = [];
  readonly v4 = new Uint32Array(BATCH);
  readonly v4At: number[] = [];
  readonly v6 = new Uint32Array(BATCH * 4);
  readonly v6At: number[] = [];
  firstLine = 1;

  clear(firstLine: number): void {
    this.text.length = this.v4At.length = this.v6At.length = 0;
    this.firstLine = firstLine;
  }
}

/** Pseudonymises every line of `input` with `pan`; reports invalid lines on `errors`. */
export async function pseudonymizeStream(pan: CryptoPan, input: Readable, output: Writable, errors: Writable): Promise<PseudonymizeResult> {
  const batch = new Batch();
  let lines = 0;
  let invalid = 0;
  const flush = async (): Promise<void> => {
    const out: string[] = new Array<string>(batch.text.length).fill('');
    const v4 = batch.v4.subarray(0, batch.v4At.length);
    pan.anonymizeV4Batch(v4, v4);
    batch.v4At.forEach((at, i) => (out[at] = formatIPv4(v4[i]!)));
    const v6 = batch.v6.subarray(0, batch.v6At.length * 4);
    pan.anonymizeV6Batch(v6, v6);
    batch.v6At.forEach((at, i) => (out[at] = formatIPv6Words(v6[i * 4]!, v6[i * 4 + 1]!, v6[i * 4 + 2]!, v6[i * 4 + 3]!)));
    const reports: string[] = [];
    batch.text.forEach((t, at) => {
      if (t === '' || out[at] !== '') return;
      invalid++;
      if (invalid <= MAX_REPORTED) reports.push(`line ${batch.firstLine + at}: not an IP address: ${JSON.stringify(t.length > 60 ? `${t.slice(0, 60)}…` : t)}\n`);
      else if (invalid === MAX_REPORTED + 1) reports.push('further invalid lines are counted but not shown\n');
    });
    if (reports.length > 0) await write(errors, reports.join(''));
    await write(output, out.join('\n') + '\n');
    batch.clear(lines + 1);
  };
  for await (const chunk of linesOf(input)) {
    for (const raw of chunk) {
      lines++;
      const t = raw.trim();
      const at = batch.text.length;
      batch.text.push(t);
      if (t !== '') classify(t, batch, at);
      if (batch.text.length === BATCH) await flush();
    }
  }
  if (batch.text.length > 0) await flush();
  return { lines, invalid };
}

/** Splits a byte stream into lines, a chunk's worth at a time; cheaper than `readline` per line. */
async function* linesOf(input: Readable): AsyncGenerator<string[]> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of input as AsyncIterable<Uint8Array | string>) {
    const parts = (rest + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }))).split('\n');
    rest = parts.pop()!;
    yield parts;
  }
  rest += decoder.decode();
  if (rest !== '') yield [rest];
}

/** Queues an address for the IPv4 or IPv6 pass, by the family its text is written in. */
function classify(t: string, batch: Batch, at: number): void {
  if (t.includes(':')) {
    const w = tryParseAddress(t);
    if (w === undefined) return;
    batch.v6.set(w, batch.v6At.length * 4);
    batch.v6At.push(at);
  } else {
    const v = parseIPv4(t);
    if (v < 0) return;
    batch.v4[batch.v4At.length] = v;
    batch.v4At.push(at);
  }
}

async function loadKey(opts: { keyHex?: string; keyFile?: string }): Promise<Uint8Array> {
  if ((opts.keyHex === undefined) === (opts.keyFile === undefined)) throw new ERR_CRYPTOPAN_KEY('give exactly one of --key-hex <64 hex digits> or --key-file <file>');
  if (opts.keyHex !== undefined) return parseKeyHex(opts.keyHex);
  let text: string;
  try {
    text = await readFile(opts.keyFile!, 'utf8');
  } catch (e) {
    throw new ERR_CRYPTOPAN_KEY(`cannot read ${opts.keyFile}: ${(e as Error).message}`, { cause: e });
  }
  return parseKeyHex(text);
}

const processIo: PseudonymizeIo = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  setExitCode: (c) => void (process.exitCode = c),
};

/** Registers `sakimori pseudonymize` (it needs nothing of the kit: no storage); `io` is for tests. */
export function registerPseudonymize(program: Command, _kit?: CommandKit, io: PseudonymizeIo = processIo): void {
  program
    .command('pseudonymize')
    .description('replace IP addresses (one per line on stdin) by prefix-preserving Crypto-PAn pseudonyms on stdout')
    .option('--key-hex <hex>', 'the 32-byte Crypto-PAn key as 64 hex digits (visible to other local users: prefer --key-file)')
    .option('--key-file <file>', 'file holding the key as 64 hex digits')
    .action(async (opts: { keyHex?: string; keyFile?: string }) => {
      const pan = new CryptoPan(await loadKey(opts), nodeAes128);
      const r = await pseudonymizeStream(pan, io.stdin, io.stdout, io.stderr);
      if (r.invalid > 0) {
        await write(io.stderr, `sakimori pseudonymize: ${r.invalid} of ${r.lines} lines were not IP addresses\n`);
        io.setExitCode(1);
      }
    });
}
