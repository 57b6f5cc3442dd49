import type { Command } from 'commander';
import { VERSION } from '../../core/version.js';

/** `sakimori version`: prints the version and the runtime. */
export function registerVersion(program: Command): void {
  program
    .command('version')
    .description('print the Sakimori version and the Node.js runtime')
    .action(() => {
      process.stdout.write(`sakimori ${VERSION} (node ${process.versions.node}, ${process.platform}/${process.arch})\n`);
    });
}
