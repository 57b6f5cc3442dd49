/**
 * Peak resident memory of a benchmark phase. The index is built in long synchronous loops, during
 * which a timer of the main thread never fires, so the 200 ms sampler runs in a worker thread
 * (`process.memoryUsage.rss()` is the whole process's) and writes the running maximum into shared
 * memory. The kernel's own high-water mark (VmHWM, reset through `/proc/self/clear_refs`) is read
 * beside it where Linux allows, as a check that sampling missed no spike.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const SAMPLER = `
const { workerData } = require('node:worker_threads');
const cells = new Float64Array(workerData);
setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss > cells[0]) cells[0] = rss;
  cells[1] += 1;
}, ${200});
`;

/** What one phase used. */
export interface PhaseMemory {
  readonly phase: string;
  /** Highest RSS sampled every 200 ms (and at the phase's end), bytes. */
  readonly peakRss: number;
  /** The kernel's peak RSS over the phase (VmHWM), bytes; undefined where it cannot be reset. */
  readonly kernelPeakRss: number | undefined;
  readonly samples: number;
  /** `process.memoryUsage()` at the phase's end. */
  readonly atEnd: NodeJS.MemoryUsage;
}

/** Samples the process's RSS; `begin` starts a phase, `end` reports it. */
export class MemorySampler {
  readonly #cells = new Float64Array(new SharedArrayBuffer(16));
  readonly #worker: Worker;
  #phase = '';
  #hwmResettable = false;

  constructor() {
    this.#worker = new Worker(SAMPLER, { eval: true, workerData: this.#cells.buffer });
    this.#worker.unref();
  }

  /** Starts phase `phase`: the peaks restart from the current RSS. */
  begin(phase: string): void {
    this.#phase = phase;
    this.#cells[0] = process.memoryUsage.rss();
    this.#cells[1] = 0;
    try {
      writeFileSync('/proc/self/clear_refs', '5');
      this.#hwmResettable = true;
    } catch {
      this.#hwmResettable = false;
    }
  }

  /** Ends the current phase and reports it. */
  end(): PhaseMemory {
    const atEnd = process.memoryUsage();
    const peakRss = Math.max(this.#cells[0]!, atEnd.rss);
    return { phase: this.#phase, peakRss, kernelPeakRss: this.#hwmResettable ? vmHwm() : undefined, samples: this.#cells[1]!, atEnd };
  }

  /** Stops the worker. */
  async stop(): Promise<void> {
    await this.#worker.terminate();
  }
}

function vmHwm(): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m === null ? undefined : Number(m[1]) * 1024;
  } catch {
    return undefined;
  }
}
