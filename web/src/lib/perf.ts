/**
 * Performance marks for the console benchmark (`web/e2e/perf.ts`): each view marks, once per page
 * load, the first frame in which its data is on screen.
 */

const done = new Set<string>();

/** Marks `sakimori:<name>` at the next animation frame, once per page load. */
export function markRendered(name: string): void {
  if (done.has(name)) return;
  done.add(name);
  requestAnimationFrame(() => performance.mark(`sakimori:${name}`));
}
