/**
 * Console benchmark: first paint and the attack views' render times with 10 000 attacks in
 * storage, measured in Debian's chromium with the Performance API against the real platform.
 *
 *   npx tsx web/e2e/perf.ts [--attacks 10000] [--runs 5]
 *
 * Prints, per figure, the median and the worst of the runs (ms from navigation start):
 * - first paint / first contentful paint of the sign-in page (cold cache) and of the attack list;
 * - attack list: first page of attacks on screen (`sakimori:attacks` mark);
 * - live board: attacks and an hour of rates on screen (`sakimori:board` mark);
 * - scrolling the virtualised list through every stored attack (all pages fetched), and the most
 *   rows the DOM held meanwhile.
 */
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium, screenshot, signIn, startServer } from './harness.js';
import { seedAttacks } from './seed-attacks.js';

const { values } = parseArgs({ options: { attacks: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' } } });
const ATTACKS = Number(values.attacks);
const RUNS = Number(values.runs);

async function timings(page: Page, mark: string): Promise<{ fp: number; fcp: number; mark: number }> {
  await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, `sakimori:${mark}`, { timeout: 60_000 });
  // No named helpers inside page functions: tsx would wrap them in a `__name` call the page lacks.
  return page.evaluate(
    (m) => ({
      fp: performance.getEntriesByName('first-paint')[0]?.startTime ?? NaN,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      mark: performance.getEntriesByName(m)[0]!.startTime,
    }),
    `sakimori:${mark}`,
  );
}

async function scrollAll(page: Page): Promise<{ ms: number; rows: number; maxDomRows: number }> {
  return page.evaluate(async () => {
    const grid = document.querySelector<HTMLElement>('[role=grid]')!;
    const status = document.querySelector('[data-testid=attack-count]')!;
    const t0 = performance.now();
    let maxDomRows = 0;
    for (;;) {
      grid.scrollTop = grid.scrollHeight;
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      maxDomRows = Math.max(maxDomRows, grid.querySelectorAll('.vrow').length);
      if (!status.textContent!.includes('+')) break;
      if (performance.now() - t0 > 120_000) break;
    }
    return { ms: performance.now() - t0, rows: Number(status.textContent!.replace(/\D/g, '')), maxDomRows };
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]): string =>
  `median ${median(xs).toFixed(0).padStart(5)} ms   worst ${Math.max(...xs)
    .toFixed(0)
    .padStart(5)} ms`;

const server = await startServer({ demo: true });
const browser = await launchChromium();
try {
  const t0 = Date.now();
  await seedAttacks(server.platform.storage.db, ATTACKS, Date.now());
  console.log(`seeded ${ATTACKS} attacks in ${Date.now() - t0} ms; ${RUNS} runs each; chromium ${browser.version()}`);
  const r: Record<string, number[]> = { signinFp: [], signinFcp: [], listFcp: [], list: [], board: [], scroll: [] };
  let scrolled = { rows: 0, maxDomRows: 0 };
  for (let run = 0; run < RUNS; run++) {
    const cold = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: server.url });
    const p0 = await cold.newPage();
    await p0.goto('/');
    await p0.getByLabel('User name').waitFor();
    const sp = await p0.evaluate(() => ({ fp: performance.getEntriesByName('first-paint')[0]?.startTime ?? NaN, fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN }));
    r.signinFp!.push(sp.fp);
    r.signinFcp!.push(sp.fcp);
    await cold.close();

    const page = await signIn(browser, server.url, 'analyst');
    await page.goto('/attacks');
    const list = await timings(page, 'attacks');
    r.listFcp!.push(list.fcp);
    r.list!.push(list.mark);
    if (run === RUNS - 1) await screenshot(page, 'attacks-10000');
    const s = await scrollAll(page);
    r.scroll!.push(s.ms);
    scrolled = s;
    await page.goto('/');
    r.board!.push((await timings(page, 'board')).mark);
    await page.context().close();
  }
  console.log(`sign-in page, first paint            ${fmt(r.signinFp!)}`);
  console.log(`sign-in page, first contentful paint ${fmt(r.signinFcp!)}`);
  console.log(`attack list, first contentful paint  ${fmt(r.listFcp!)}`);
  console.log(`attack list, first page on screen    ${fmt(r.list!)}`);
  console.log(`live board, attacks and rates shown  ${fmt(r.board!)}`);
  console.log(`attack list, scroll through all      ${fmt(r.scroll!)}  (${scrolled.rows} attacks; at most ${scrolled.maxDomRows} rows in the DOM)`);
} finally {
  await browser.close();
  await server.stop();
}
