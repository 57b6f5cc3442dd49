/**
 * Keeps the protected networks of detection (and of indicator sightings) in step with the registry: loads them at start and
 * re-reads them at an interval, replacing the detector's table only when something changed.
 */
import type { BaseDeps, Component } from '../core/component.js';
import type { NetworkStore } from '../registry/network-store.js';
import type { DetectionConfig } from './config.js';
import type { Detector } from './detector.js';

/** Dependencies of the sync: the registry's networks and who receives them. */
export interface NetworkSyncDeps extends BaseDeps {
  readonly store: NetworkStore;
  readonly targets: ReadonlyArray<Pick<Detector, 'setNetworks'>>;
}

/** Creates the sync component; it re-reads the registry every `networkSyncSeconds`. */
export function createNetworkSync(config: Pick<DetectionConfig, 'networkSyncSeconds'>, deps: NetworkSyncDeps): Component & { sync(): Promise<boolean> } {
  const { store, targets } = deps;
  let last = '';
  let timer: NodeJS.Timeout | undefined;
  const sync = async (): Promise<boolean> => {
    const networks = await store.listForDetection();
    const key = JSON.stringify(networks);
    if (key === last) return false;
    for (const t of targets) t.setNetworks(networks);
    last = key;
    deps.logger.info({ networks: networks.length }, 'protected networks loaded into detection');
    return true;
  };
  return {
    name: 'network-sync',
    sync,
    async start() {
      await sync();
      timer = setInterval(() => {
        sync().catch((err: unknown) => deps.logger.error({ err }, 'could not refresh protected networks'));
      }, config.networkSyncSeconds * 1000);
      timer.unref();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
    },
  };
}
