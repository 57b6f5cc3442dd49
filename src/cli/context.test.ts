import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { loggerOptions } from './context.js';
import { buildProgram } from './program.js';

describe('log format setting', () => {
  it('comes from --log-format before log.format', () => {
    const config = loadConfig({ overrides: { log: { format: 'pretty' } } });
    const flagged = buildProgram();
    flagged.parseOptions(['--log-format', 'json']);
    expect(loggerOptions(flagged, config, 'info')).toEqual({ level: 'info', format: 'json' });
    expect(loggerOptions(buildProgram(), config, 'warn')).toEqual({ level: 'warn', format: 'pretty' });
    expect(loggerOptions(new Command(), loadConfig({}), 'info')).toEqual({ level: 'info', format: 'auto' });
  });

  it('refuses a format it does not know', () => {
    const program = buildProgram()
      .exitOverride()
      .configureOutput({ writeErr: () => undefined });
    expect(() => program.parseOptions(['--log-format', 'yaml'])).toThrow(/Allowed choices are auto, json, pretty/);
    expect(() => loadConfig({ overrides: { log: { format: 'yaml' } } })).toThrow(/log\/format/);
  });
});
