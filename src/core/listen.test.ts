import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { isSakimoriError } from './errors.js';
import { ListenAddress, parseListen } from './listen.js';

describe('listen addresses', () => {
  it('parses IPv4, bracketed IPv6 and names, with port 0 asking for a free port', () => {
    expect(parseListen('127.0.0.1:2055')).toEqual({ text: '127.0.0.1:2055', host: '127.0.0.1', port: 2055, family: 4 });
    expect(parseListen('[::1]:6343')).toEqual({ text: '[::1]:6343', host: '::1', port: 6343, family: 6 });
    expect(parseListen('[::]:0')).toEqual({ text: '[::]:0', host: '::', port: 0, family: 6 });
    expect(parseListen('localhost:65535')).toEqual({ text: 'localhost:65535', host: 'localhost', port: 65535, family: 4 });
  });

  it.each(['127.0.0.1', '::1:2055', '[::1]', '[::1]2055', '127.0.0.1:65536', '127.0.0.1:123456', 'bad_name:80', ':80', '[]:80', '127.0.0.1:-1'])(
    'refuses %s with SAKIMORI_ERR_LISTEN_ADDRESS',
    (text) => {
      let thrown: unknown;
      try {
        parseListen(text);
      } catch (e) {
        thrown = e;
      }
      expect(isSakimoriError(thrown, 'SAKIMORI_ERR_LISTEN_ADDRESS'), String(thrown)).toBe(true);
      expect(String(thrown)).toContain(JSON.stringify(text));
    },
  );

  it('accepts in the configuration what the parser accepts (the port range is left to the parser)', () => {
    for (const text of ['127.0.0.1:2055', '[::1]:6343', 'localhost:0']) expect(Value.Check(ListenAddress, text), text).toBe(true);
    for (const text of ['127.0.0.1', '::1:2055', 'bad_name:80']) expect(Value.Check(ListenAddress, text), text).toBe(false);
  });
});
