import { describe, expect, it } from 'vitest';
import { createLogger, prettyLine } from './logger.js';

/** A destination that keeps what is written, and says whether it is a terminal. */
function capture(isTTY: boolean): { readonly isTTY: boolean; readonly lines: string[]; write(s: string): void } {
  const lines: string[] = [];
  return { isTTY, lines, write: (s: string) => void lines.push(s) };
}

const ANSI = /\x1b\[/;

describe('logger', () => {
  it('writes JSON lines when the destination is not a terminal', () => {
    const out = capture(false);
    createLogger({ level: 'info' }, out).info({ exporter: '192.0.2.1', datagrams: 3 }, 'exporter seen');
    expect(out.lines).toHaveLength(1);
    expect(JSON.parse(out.lines[0]!)).toMatchObject({ level: 30, app: 'sakimori', msg: 'exporter seen', exporter: '192.0.2.1', datagrams: 3 });
  });

  it('writes one readable, coloured line per entry when the destination is a terminal', () => {
    const out = capture(true);
    createLogger({ level: 'info' }, out).warn({ exporter: '192.0.2.1', datagrams: 3 }, 'exporter seen');
    expect(out.lines).toHaveLength(1);
    const line = out.lines[0]!;
    expect(ANSI.test(line)).toBe(true);
    expect(line.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN  exporter seen exporter=192\.0\.2\.1 datagrams=3\n$/);
  });

  it('follows the format it is told whatever the destination', () => {
    const json = capture(true);
    createLogger({ level: 'info', format: 'json' }, json).info('to a collector');
    expect(JSON.parse(json.lines[0]!)).toMatchObject({ msg: 'to a collector' });
    const pretty = capture(false);
    createLogger({ level: 'info', format: 'pretty' }, pretty).info('to a file read by a person');
    expect(pretty.lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO  to a file read by a person\n$/);
    expect(ANSI.test(pretty.lines[0]!)).toBe(false);
  });

  it('shows an error with its stack under the line, and quotes values with spaces', () => {
    const out = capture(false);
    const err = new Error('connection refused');
    createLogger({ level: 'info', format: 'pretty' }, out).error({ err, peer: 'route server 1', attempts: [1, 2] }, 'BGP session down');
    const [head, ...stack] = out.lines[0]!.trimEnd().split('\n');
    expect(head).toMatch(/ ERROR BGP session down peer="route server 1" attempts=\[1,2\]$/);
    expect(stack[0]).toBe('    Error: connection refused');
    expect(stack.length).toBeGreaterThan(1);
  });

  it('passes on a line that is not a JSON object', () => {
    expect(prettyLine('not json', false)).toBe('not json\n');
    expect(prettyLine('[1,2]\n', false)).toBe('[1,2]\n');
  });
});
