import { afterEach, describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../../core/errors.js';
import { SmtpSink } from '../../testing/smtp-sink.js';
import { dataBlock, sendMail } from './smtp-client.js';

let sink: SmtpSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

const options = (port: number) => ({ host: '127.0.0.1', port, heloName: 'sakimori.test', timeoutMs: 2000 });

describe('SMTP client', () => {
  it('hands a message to a loopback relay with dot-stuffing undone on the other side', async () => {
    sink = await SmtpSink.start();
    const message = 'Subject: test\r\n\r\nline one\r\n.hidden dot line\r\n.\r\nend\r\n';
    await sendMail(options(sink.port), 'abuse-desk@sakimori.invalid', ['abuse@isp.example'], message);
    expect(sink.messages).toEqual([{ from: 'abuse-desk@sakimori.invalid', to: ['abuse@isp.example'], data: message }]);
  });

  it('reports a refused recipient with the server answer', async () => {
    sink = await SmtpSink.start();
    sink.refuse.add('nobody@isp.example');
    await expect(sendMail(options(sink.port), 'a@b.invalid', ['nobody@isp.example'], 'x\r\n')).rejects.toThrow('SMTP delivery failed: RCPT TO nobody@isp.example: 550 no such user');
    expect(sink.messages).toEqual([]);
  });

  it('refuses relays off loopback and reports unreachable ones', async () => {
    const off = await sendMail({ ...options(25), host: '192.0.2.25' }, 'a@b.invalid', ['c@d.example'], 'x').catch((e: unknown) => e);
    expect(isSakimoriError(off) ? off.code : off).toBe('SAKIMORI_ERR_OPERATIONS_SMTP_NOT_LOOPBACK');
    sink = await SmtpSink.start();
    const port = sink.port;
    await sink.close();
    sink = undefined;
    const down = await sendMail(options(port), 'a@b.invalid', ['c@d.example'], 'x').catch((e: unknown) => e);
    expect(isSakimoriError(down) ? down.code : down).toBe('SAKIMORI_ERR_OPERATIONS_SMTP');
  });

  it('terminates DATA with CRLF.CRLF even without a final newline', () => {
    expect(dataBlock('a\n.b')).toBe('a\r\n..b\r\n.\r\n');
  });
});
