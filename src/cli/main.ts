/** Entry point of the `sakimori` executable. */
import { run } from './program.js';

const code = await run(process.argv.slice(2));
process.exitCode = code;
