/** The collector's descriptor: exporters and their statistics (see `core/part.ts`). */
import { definePart } from '../core/part.js';
import { CollectorConfigSchema } from './config.js';
import * as exporterStore from './exporter-store.js';
import * as m0002 from './migrations/0002-exporters.js';
import * as udpListener from './udp-listener.js';

/** The collector part. */
export const collectorPart = definePart({
  name: 'collector',
  migrations: { '0002-exporters': m0002 },
  config: { collector: CollectorConfigSchema },
  retention: [{ dataClass: 'exporter_stats', table: 'exporter_stats', timeColumn: 'period_start', idColumns: ['exporter_id', 'period_start'] }],
  errors: [udpListener, exporterStore],
});
