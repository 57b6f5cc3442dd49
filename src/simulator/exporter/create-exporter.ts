/** Picks the exporter model for an export format. Pure: no I/O. */
import { Rng } from '../random.js';
import type { ExporterModel, ExporterSpec } from './exporter.js';
import { FlowExporter } from './flow-exporter.js';
import { SflowAgent } from './sflow-agent.js';

/** Creates the exporter model for a spec, with its own random stream derived from the seed. */
export function createExporter(spec: ExporterSpec, seed: number): ExporterModel {
  const rng = new Rng(seed, `exporter:${spec.index}:${spec.name}`);
  return spec.format === 'sflow' ? new SflowAgent(spec, rng) : new FlowExporter(spec, rng);
}
