import { describe, expect, it } from 'vitest';
import { formatFindings } from './format-findings.js';
import { validateStix } from './validate-stix.js';

describe('formatFindings', () => {
  it('prints one line per finding, errors first, as "<id> <path>: <message>"', () => {
    const result = validateStix({
      type: 'bundle',
      id: 'bundle--44af6c39-c09b-49c5-9de2-394224b04982',
      objects: [
        {
          type: 'tool',
          spec_version: '2.1',
          id: 'tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
          created: '2016-04-06T20:03:48.000Z',
          modified: '2016-04-05T20:03:48.000Z',
          name: 'VNC',
          tool_types: ['Remote Access'],
        },
      ],
    });
    expect(formatFindings(result).split('\n')).toEqual([
      'tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f /objects/0/modified: modified (2016-04-05T20:03:48.000Z) must be later than or equal to created (2016-04-06T20:03:48.000Z)',
      'tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f /objects/0/tool_types: tool_types contains a value not in the tool-type-ov vocabulary (warning)',
      'tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f /objects/0/tool_types: open vocabulary value "Remote Access" should be lowercase words separated by hyphens (warning)',
    ]);
  });

  it('prints nothing for a clean result and "/" for the document root', () => {
    expect(formatFindings({ valid: true, errors: [], warnings: [] })).toBe('');
    expect(formatFindings(validateStix(42))).toBe('input /: a STIX object must be a JSON object');
  });
});
