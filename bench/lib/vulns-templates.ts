/**
 * The real NVD CVE API 2.0 records the vulnerability benchmark varies: every record of the shared
 * fixtures (`../shared/fixtures/vuln/nvd` and `nvd-configurations`), sorted by the shape of their
 * configurations, or the demo page of `scenarios/demo-vulns` when the shared fixtures are absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The configuration shapes the benchmark reproduces.
 * - `unanalysed`: no configurations (Awaiting / Undergoing Analysis);
 * - `hardware-platform`: firmware (or an SDK) AND a `vulnerable: false` hardware model;
 * - `os-platform`: an application AND a `vulnerable: false` operating system;
 * - `multi`: several configurations (one CVE in a browser, two distributions and a mail client…);
 * - `list`: one configuration, one OR list of products, exact versions and ranges.
 */
export type Shape = 'unanalysed' | 'hardware-platform' | 'os-platform' | 'multi' | 'list';

/** How often each shape is drawn; in NVD most records are one OR list, and a tenth or more wait for analysis. */
export const SHAPE_WEIGHTS: Readonly<Record<Shape, number>> = { list: 0.56, multi: 0.14, unanalysed: 0.12, 'hardware-platform': 0.12, 'os-platform': 0.06 };

/** One record to vary: the `cve` object as JSON text (parsed afresh for every variation). */
export interface Template {
  readonly id: string;
  readonly file: string;
  readonly text: string;
  readonly shape: Shape;
}

/** The templates and where they came from. */
export interface TemplateSet {
  readonly templates: readonly Template[];
  readonly byShape: ReadonlyMap<Shape, readonly Template[]>;
  /** Human-readable origin, printed by the benchmark. */
  readonly origin: string;
  /** True when the shared fixtures were absent and the demo page stood in. */
  readonly fallback: boolean;
}

interface CriterionJson {
  readonly vulnerable: boolean;
  readonly criteria: string;
}
interface ConfigurationJson {
  readonly nodes: readonly { readonly cpeMatch: readonly CriterionJson[] }[];
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHARED = join(ROOT, '..', 'shared', 'fixtures', 'vuln');
const DEMO = join(ROOT, 'scenarios', 'demo-vulns', 'nvd-page.json');

/** Loads the templates from the shared fixtures, or from the demo page when they are absent. */
export function loadTemplates(): TemplateSet {
  const dirs = ['nvd', 'nvd-configurations'].map((d) => join(SHARED, d)).filter((d) => existsSync(d));
  const fallback = dirs.length === 0;
  const files = fallback ? [DEMO] : dirs.flatMap(jsonFiles).sort();
  const templates: Template[] = [];
  for (const file of files) {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { vulnerabilities?: { cve: unknown }[]; cve?: unknown };
    const items = json.vulnerabilities ?? (json.cve === undefined ? [] : [{ cve: json.cve }]);
    for (const item of items) {
      const cve = item.cve as { id: string; configurations?: ConfigurationJson[] };
      templates.push({ id: cve.id, file: relative(ROOT, file), text: JSON.stringify(cve), shape: shapeOf(cve.configurations ?? []) });
    }
  }
  const byShape = new Map<Shape, Template[]>();
  for (const t of templates) byShape.set(t.shape, [...(byShape.get(t.shape) ?? []), t]);
  const origin = fallback
    ? `${relative(ROOT, DEMO)} (${templates.length} records) — ../shared/fixtures/vuln is ABSENT, so the corpus lacks the firmware-on-hardware, OS-platform and unanalysed shapes`
    : `${files.length} files of ../shared/fixtures/vuln/{nvd,nvd-configurations} (${templates.length} records)`;
  return { templates, byShape, origin, fallback };
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsonFiles(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []));
}

function shapeOf(configurations: readonly ConfigurationJson[]): Shape {
  if (configurations.length === 0) return 'unanalysed';
  const platforms = configurations.flatMap((c) => c.nodes.flatMap((n) => n.cpeMatch.filter((m) => !m.vulnerable).map((m) => m.criteria.split(':')[2])));
  if (platforms.includes('h')) return 'hardware-platform';
  if (platforms.length > 0) return 'os-platform';
  return configurations.length > 1 ? 'multi' : 'list';
}

/** Draws a template: a shape by {@link SHAPE_WEIGHTS} (among the shapes present), then one of its records. */
export function drawTemplate(set: TemplateSet, u: number, v: number): Template {
  const shapes = [...set.byShape.keys()];
  const total = shapes.reduce((s, k) => s + SHAPE_WEIGHTS[k], 0);
  let x = u * total;
  let shape = shapes[shapes.length - 1]!;
  for (const k of shapes) {
    x -= SHAPE_WEIGHTS[k];
    if (x < 0) {
      shape = k;
      break;
    }
  }
  const list = set.byShape.get(shape)!;
  return list[Math.floor(v * list.length)]!;
}
