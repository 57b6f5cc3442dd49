/**
 * A minimal SMTP client (RFC 5321) that hands a message to a local mail relay: EHLO, MAIL FROM,
 * RCPT TO, DATA with dot-stuffing (§4.5.2), QUIT. No TLS and no authentication, so it connects
 * to loopback only — the relay on the same host (Postfix, Exim) does the rest.
 */
import { connect, isIP, type Socket } from 'node:net';
import { defineError } from '../../../core/errors.js';

/** The SMTP relay refused the message or could not be reached. */
export const ERR_OPERATIONS_SMTP = defineError<[string]>('SAKIMORI_ERR_OPERATIONS_SMTP', 'SMTP delivery failed: %s', 502);
/** The configured relay is not on loopback. */
export const ERR_OPERATIONS_SMTP_NOT_LOOPBACK = defineError<[string]>('SAKIMORI_ERR_OPERATIONS_SMTP_NOT_LOOPBACK', 'SMTP relay %s is not a loopback address; notices go to a local relay only', 400);

/** Where and how to deliver. */
export interface SmtpOptions {
  readonly host: string;
  readonly port: number;
  readonly heloName: string;
  readonly timeoutMs: number;
}

/** True for 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** Reads SMTP replies (multi-line `250-…` continued, `250 …` final) from a socket. */
class ReplyReader {
  #buffer = '';
  #waiting: ((r: { code: number; text: string }) => void) | undefined;
  #failed: ((e: Error) => void) | undefined;
  readonly #lines: string[] = [];

  constructor(socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.#buffer += chunk;
      let i: number;
      while ((i = this.#buffer.indexOf('\n')) >= 0) {
        this.#lines.push(this.#buffer.slice(0, i).replace(/\r$/, ''));
        this.#buffer = this.#buffer.slice(i + 1);
      }
      this.#deliver();
    });
    const fail = (e: Error): void => this.#failed?.(e);
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  #deliver(): void {
    const end = this.#lines.findIndex((l) => /^\d{3}(?: |$)/.test(l));
    if (end < 0 || this.#waiting === undefined) return;
    const lines = this.#lines.splice(0, end + 1);
    const w = this.#waiting;
    this.#waiting = undefined;
    w({ code: Number(lines[end]!.slice(0, 3)), text: lines.map((l) => l.slice(4)).join(' ') });
  }

  next(): Promise<{ code: number; text: string }> {
    return new Promise((resolve, reject) => {
      this.#waiting = resolve;
      this.#failed = reject;
      this.#deliver();
    });
  }
}

/** Dot-stuffs and terminates a message for DATA (RFC 5321 §4.5.2). */
export function dataBlock(message: string): string {
  const body = message.replace(/\r?\n/g, '\r\n');
  const stuffed = body.replace(/^\./gm, '..');
  return `${stuffed}${stuffed.endsWith('\r\n') ? '' : '\r\n'}.\r\n`;
}

/** Delivers one message to one or more recipients; throws {@link ERR_OPERATIONS_SMTP}. */
export async function sendMail(o: SmtpOptions, from: string, to: readonly string[], message: string): Promise<void> {
  if (!isLoopbackHost(o.host)) throw new ERR_OPERATIONS_SMTP_NOT_LOOPBACK(o.host);
  const socket = connect({ host: o.host, port: o.port });
  socket.setTimeout(o.timeoutMs, () => socket.destroy(new Error(`no answer within ${o.timeoutMs} ms`)));
  const reader = new ReplyReader(socket);
  const expect = async (what: string, ok: (code: number) => boolean): Promise<void> => {
    const r = await reader.next();
    if (!ok(r.code)) throw new ERR_OPERATIONS_SMTP(`${what}: ${r.code} ${r.text}`);
  };
  const command = async (line: string, what: string, ok: (code: number) => boolean = (c) => c === 250): Promise<void> => {
    socket.write(`${line}\r\n`);
    await expect(what, ok);
  };
  try {
    await expect('greeting', (c) => c === 220);
    await command(`EHLO ${o.heloName}`, 'EHLO');
    await command(`MAIL FROM:<${from}>`, 'MAIL FROM');
    for (const r of to) await command(`RCPT TO:<${r}>`, `RCPT TO ${r}`, (c) => c === 250 || c === 251);
    await command('DATA', 'DATA', (c) => c === 354);
    socket.write(dataBlock(message));
    await expect('end of data', (c) => c === 250);
    socket.write('QUIT\r\n');
  } catch (e) {
    if (e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('SAKIMORI_')) throw e;
    throw new ERR_OPERATIONS_SMTP((e as Error).message, { cause: e });
  } finally {
    socket.end();
    socket.destroy();
  }
}
