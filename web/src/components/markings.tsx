/**
 * Markings as badges: TLP and PAP in FIRST's colours (coloured text on black, as the TLP standard
 * shows them), statements and unknown markings as plain badges. The name is always written out, so
 * colour never carries the meaning alone.
 */

const COLOURS: Readonly<Record<string, string>> = {
  RED: 'red',
  AMBER: 'amber',
  'AMBER+STRICT': 'amber',
  GREEN: 'green',
  CLEAR: 'clear',
  WHITE: 'clear',
};

/** The CSS class of a marking name (`TLP:AMBER` → `marking tlp amber`). */
export function markingClass(name: string): string {
  const m = /^(TLP|PAP):(.+)$/.exec(name);
  const colour = m === null ? undefined : COLOURS[m[2]!];
  return colour === undefined ? 'badge' : `badge marking ${colour}`;
}

/** One badge per marking. */
export function Markings({ names }: { names: readonly string[] | null | undefined }) {
  if (names == null || names.length === 0) return <span className="muted">none</span>;
  return (
    <span className="row" style={{ gap: 4, display: 'inline-flex', flexWrap: 'wrap' }}>
      {names.map((n) => (
        <span key={n} className={markingClass(n)} data-testid="marking" title={n.startsWith('marking-definition--') ? 'unknown marking' : undefined}>
          {n.startsWith('marking-definition--') ? `${n.slice(0, 28)}…` : n}
        </span>
      ))}
    </span>
  );
}
