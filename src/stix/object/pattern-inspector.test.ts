import { describe, expect, it } from 'vitest';
import { inspectPattern } from './pattern-inspector.js';

describe('inspectPattern', () => {
  it('lists the comparisons of a valid pattern', () => {
    const r = inspectPattern(
      "([file:hashes.'SHA-256' = 'ab' OR file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0] FOLLOWEDBY [x-acme-thing:x_acme_ref.value IN ('a', 'b')]) WITHIN 60 SECONDS",
    );
    expect(r).toEqual({
      ok: true,
      comparisons: [
        { objectType: 'file', path: ['hashes', 'SHA-256'] },
        { objectType: 'file', path: ['extensions', 'windows-pebinary-ext', 'sections', '*', 'entropy'] },
        { objectType: 'x-acme-thing', path: ['x_acme_ref', 'value'] },
      ],
    });
  });

  it('accepts the qualifiers and typed literals of the spec', () => {
    for (const p of [
      '[network-traffic:dst_port = 22] REPEATS 5 TIMES WITHIN 10 SECONDS',
      "[file:name = 'a'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
      "[artifact:payload_bin MATCHES '^abc' AND file:magic_number_hex = h'ffd8']",
      "[file:name NOT LIKE 'C:\\\\Windows\\\\%']",
      '[process:pid > -1 AND process:is_hidden = true]',
    ]) {
      expect(inspectPattern(p).ok, p).toBe(true);
    }
  });

  it('reports syntax errors instead of throwing', () => {
    for (const p of [
      '[file:hashes."SHA-256" = \'x\']',
      '[file:name = ]',
      "file:name = 'x'",
      "[file:name = 'x'] WITHIN -1 SECONDS",
      "[file:name = 'x'",
      "[file:name = 'unterminated]",
      '',
      `${'('.repeat(20_000)}[a:b = 1]${')'.repeat(20_000)}`,
    ]) {
      expect(inspectPattern(p).ok, p.slice(0, 40)).toBe(false);
    }
  });
});
