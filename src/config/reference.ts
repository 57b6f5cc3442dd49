/**
 * Renders the configuration reference (docs/configuration.md) from the schema itself, so the
 * documentation cannot drift from the defaults and types the loader enforces.
 */
import { ConfigSchema } from './schema.js';

type Node = {
  type?: string | string[];
  properties?: Record<string, Node>;
  items?: Node;
  anyOf?: Node[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  const?: unknown;
};

function typeOf(n: Node): string {
  if (n.anyOf !== undefined) return n.anyOf.map((a) => (a.const !== undefined ? JSON.stringify(a.const) : typeOf(a))).join(' \\| ');
  if (n.type === 'array') return `${typeOf(n.items ?? {})}[]`;
  if (Array.isArray(n.type)) return n.type.join(' \\| ');
  return n.type ?? 'any';
}

function envName(path: string[]): string {
  return `SAKIMORI_${path.map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('__')}`;
}

function rows(n: Node, path: string[], out: string[]): void {
  for (const [key, child] of Object.entries(n.properties ?? {})) {
    const p = [...path, key];
    if (child.type === 'object' && child.properties !== undefined && Object.keys(child.properties).length > 0) {
      rows(child, p, out);
      continue;
    }
    const range = [child.minimum === undefined ? '' : `≥ ${child.minimum}`, child.maximum === undefined ? '' : `≤ ${child.maximum}`].filter((s) => s !== '').join(', ');
    const def = child.default === undefined ? '' : `\`${JSON.stringify(child.default)}\``;
    const desc = [child.description ?? '', range]
      .filter((s) => s !== '')
      .join('; ')
      .replace(/\|/g, '\\|');
    out.push(`| \`${p.join('.')}\` | ${typeOf(child)} | ${def} | ${desc} | \`${envName(p)}\` |`);
  }
}

/** The Markdown reference of every configuration key. */
export function configurationReference(): string {
  const out: string[] = [
    '# Configuration reference',
    '',
    'Generated from the configuration schema by `npm run docs` — do not edit by hand.',
    '',
    'Configuration comes from a YAML or JSON file (`sakimori --config <file>` or `SAKIMORI_CONFIG`) and from',
    'environment variables, which override the file. Every key has a default; an invalid or unknown key stops',
    'the program with `SAKIMORI_ERR_CONFIG_INVALID` naming the key. Lists in environment variables are',
    'comma-separated or JSON; objects are JSON.',
    '',
  ];
  for (const [section, node] of Object.entries((ConfigSchema as unknown as Node).properties ?? {})) {
    out.push(`## \`${section}\``, '');
    if (node.description !== undefined) out.push(node.description, '');
    out.push('| key | type | default | meaning | environment |', '|---|---|---|---|---|');
    if (node.type === 'object' && node.properties !== undefined) rows(node, [section], out);
    else rows({ properties: { [section]: node } }, [], out);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
