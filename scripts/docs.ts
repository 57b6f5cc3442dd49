/**
 * Regenerates the generated documentation: docs/configuration.md, docs/errors.md and docs/approval-rules.md.
 * `npm run docs`; the docs test fails when a generated file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { generatedDocs } from '../src/cli/generated-docs.js';

for (const [file, text] of Object.entries(await generatedDocs())) {
  writeFileSync(new URL(`../${file}`, import.meta.url), text);
  process.stdout.write(`wrote ${file}\n`);
}
