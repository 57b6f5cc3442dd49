/**
 * The traffic simulator's public API: load a scenario, create a simulation that produces real
 * NetFlow v5/v9, IPFIX and sFlow v5 datagrams with their scenario timestamps, run it into sinks
 * (UDP, pcap, or an in-process collector) and read the ground truth.
 *
 * @example
 * ```ts
 * import { createSimulation, loadScenarioFile, runSimulation, UdpSink } from './simulator/index.js';
 * const sim = createSimulation(loadScenarioFile('demo'));
 * const udp = await UdpSink.open(sim.exporters, { netflow: { host: '127.0.0.1', port: 2055 }, sflow: { host: '127.0.0.1', port: 6343 } });
 * const { truth } = await runSimulation(sim, { sinks: [udp], speed: 1, signal });
 * ```
 */
export type { DatagramKind, SimDatagram } from './datagram.js';
export type { ExportFormat, ExporterSpec, ExporterStats } from './exporter/exporter.js';
export type { AttackTruth, BeaconTruth, GroundTruth } from './ground-truth.js';
export { PcapFileSink, exporterSourcePort, type PcapCollector } from './output/pcap-sink.js';
export type { DatagramSink } from './output/sink.js';
export { writeGroundTruth } from './output/truth-file.js';
export { UdpSink, type UdpSinkOptions, type UdpTarget } from './output/udp-sink.js';
export { runSimulation, type RunOptions, type RunProgress, type RunResult } from './run.js';
export { parseScenario, type ParseScenarioOptions } from './scenario.js';
export { ERR_SCENARIO_INVALID, ERR_SCENARIO_UNREADABLE, ERR_SIMULATION_OPTIONS } from './scenario-errors.js';
export { BUILTIN_SCENARIOS, loadScenarioFile, resolveScenarioPath } from './scenario-file.js';
export type { AttackSpec, BeaconSpec, NetworkDef, Scenario, Thresholds, VectorName } from './scenario-types.js';
export { createSimulation, type Simulation, type SimulationOptions, type SimulationStats } from './simulation.js';
