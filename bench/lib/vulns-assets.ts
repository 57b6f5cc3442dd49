/**
 * Operators' assets for the vulnerability benchmark: applications, operating systems and firmware
 * (some firmware with its hardware model as a second CPE name) and bare hardware, drawn from the pool
 * with the records' popularity. Versions are mostly current — the newest branch at or near its latest
 * patch — so that only a few percent of the records on an asset's product hold its version.
 */
import type { AssetProducts } from '../../src/vulns/match/index.js';
import { between, cpeName, type Pool, type Rng, rng, seedOf } from './vulns-pool.js';

/** How the assets divide, for the report. */
export interface AssetMix {
  readonly applications: number;
  readonly systems: number;
  readonly firmwareWithHardware: number;
  readonly hardware: number;
}

/** The assets, the pool product each names first, and the mix. */
export interface GeneratedAssets {
  readonly assets: readonly AssetProducts[];
  /** Pool product of each asset's first CPE name, by ref. */
  readonly productOf: Int32Array;
  readonly mix: AssetMix;
}

/** Generates `count` assets with refs 0 … count−1. */
export function generateAssets(pool: Pool, count: number, seed: number): GeneratedAssets {
  const r = rng(seedOf(seed, 4));
  const assets: AssetProducts[] = [];
  const productOf = new Int32Array(count);
  const mix = { applications: 0, systems: 0, firmwareWithHardware: 0, hardware: 0 };
  for (let ref = 0; ref < count; ref++) {
    const kind = r();
    if (kind < 0.55) {
      const product = pool.apps.draw(r);
      productOf[ref] = product;
      mix.applications++;
      assets.push({ ref, cpes: [cpeName(pool, product, assetVersion(pool, product, r))] });
    } else if (kind < 0.85) {
      const product = pool.systems.draw(r);
      productOf[ref] = product;
      mix.systems++;
      const cpes = [cpeName(pool, product, assetVersion(pool, product, r))];
      const family = pool.products[product]!.family;
      // Most inventories name the device a firmware runs on; some only the firmware.
      if (family !== undefined && r() < 0.6) {
        const models = pool.families[family]!.models;
        cpes.push(cpeName(pool, models[between(r, 0, models.length - 1)]!, '-'));
        mix.firmwareWithHardware++;
      }
      assets.push({ ref, cpes });
    } else {
      const models = pool.families[pool.products[pool.firmware.draw(r)]!.family!]!.models;
      const product = models[between(r, 0, models.length - 1)]!;
      productOf[ref] = product;
      mix.hardware++;
      assets.push({ ref, cpes: [cpeName(pool, product, '-')] });
    }
  }
  return { assets, productOf, mix };
}

/** The newest branch 85 times in 100; its latest patch 70 times in 100, else up to six behind. */
function assetVersion(pool: Pool, product: number, r: Rng): string {
  const branches = pool.products[product]!.branches;
  const branch = r() < 0.85 ? branches[branches.length - 1]! : branches[between(r, 0, branches.length - 1)]!;
  const behind = r() < 0.7 ? 0 : between(r, 1, Math.min(6, branch.latest));
  return `${branch.name}.${branch.latest - behind}`;
}
