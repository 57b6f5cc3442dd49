import { describe, expect, it } from 'vitest';
import { normaliseAction, type ActionOf } from '../../catalogue/action.js';
import { renderIspNotice } from './isp-notice-executor.js';

const notice = (evidence: string) =>
  normaliseAction({ mechanism: 'isp_notice', organizationId: 'kumo', hosts: [{ address: '198.18.3.4', evidence, detectedAt: Date.UTC(2026, 11, 6) }] }) as ActionOf<'isp_notice'>;
const csv = (evidence: string) => renderIspNotice(notice(evidence), { name: 'Kumo Mobile', contactEmail: 'abuse@kumo.example' }, 'NCO', 'case C request R').csv;

describe('ISP notice hosts.csv', () => {
  it('keeps text that a spreadsheet would run as a formula as text', () => {
    for (const bad of ["=cmd|' /C calc'!A0", '+SUM(1,2)', '-2+3', '@SUM(A1)']) {
      const row = csv(bad).split('\n')[1]!;
      expect(row, bad).toMatch(/^198\.18\.3\.4,"?'/);
      expect(row).not.toMatch(/^198\.18\.3\.4,"?[=+\-@]/);
    }
  });

  it('writes ordinary evidence as it is, quoted only where RFC 4180 needs it', () => {
    expect(csv('outbound UDP flood')).toBe('address,evidence,detected_at\n198.18.3.4,outbound UDP flood,2026-12-06T00:00:00.000Z\n');
    expect(csv('flood, "SYN"').split('\n')[1]).toBe('198.18.3.4,"flood, ""SYN""",2026-12-06T00:00:00.000Z');
  });
});
