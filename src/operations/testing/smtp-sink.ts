/**
 * A tiny SMTP server on loopback for tests: accepts EHLO/MAIL/RCPT/DATA/QUIT, undoes
 * dot-stuffing, keeps every message, and can be told to refuse recipients.
 */
import { createServer, type Server, type Socket } from 'node:net';

/** One received message. */
export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly data: string;
}

/** The test SMTP server. */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  /** Recipients answered with 550. */
  readonly refuse = new Set<string>();
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();

  private constructor(server: Server) {
    this.#server = server;
    server.on('connection', (s) => this.#session(s));
  }

  /** Starts on 127.0.0.1 with a free port. */
  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink(createServer());
    await new Promise<void>((resolve) => sink.#server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  get port(): number {
    const a = this.#server.address();
    return typeof a === 'object' && a !== null ? a.port : 0;
  }

  #session(s: Socket): void {
    this.#sockets.add(s);
    s.on('close', () => this.#sockets.delete(s));
    s.on('error', () => undefined);
    s.setEncoding('utf8');
    let buf = '';
    let from = '';
    let to: string[] = [];
    let data: string[] | undefined;
    s.write('220 sink ESMTP\r\n');
    s.on('data', (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (data !== undefined) {
          if (line === '.') {
            this.messages.push({ from, to, data: data.join('\r\n') + '\r\n' });
            data = undefined;
            s.write('250 queued\r\n');
          } else data.push(line.startsWith('.') ? line.slice(1) : line);
          continue;
        }
        const cmd = line.toUpperCase();
        if (cmd.startsWith('EHLO')) s.write('250-sink\r\n250 8BITMIME\r\n');
        else if (cmd.startsWith('MAIL FROM:')) {
          from = line.slice(10).replace(/[<>]/g, '');
          to = [];
          s.write('250 ok\r\n');
        } else if (cmd.startsWith('RCPT TO:')) {
          const r = line.slice(8).replace(/[<>]/g, '');
          if (this.refuse.has(r)) s.write('550 no such user\r\n');
          else {
            to.push(r);
            s.write('250 ok\r\n');
          }
        } else if (cmd === 'DATA') {
          data = [];
          s.write('354 go ahead\r\n');
        } else if (cmd === 'QUIT') {
          s.end('221 bye\r\n');
        } else s.write('502 unknown\r\n');
      }
    });
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
