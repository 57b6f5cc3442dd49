/**
 * A carpet-bombing attack in the console, in Debian's chromium against the real platform: the
 * detector's own events for a flood over one /24 of the carrier's registered /22 go over the bus
 * into storage; the attack page shows what the attack hits beside the registered network, and the
 * countermeasure form proposes the hit /24 — not the /22 — as the FlowSpec destination.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { nth, P, run, samplesPerStep, testEngine, type RecordSpec } from '../../src/detection/testing/flow-builder.js';
import { describeExternal, missingTools } from '../../src/testing/external.js';
import { apiJson, CHROMIUM, launchChromium, screenshot, signIn, startServer, type TestServer } from './harness.js';

const POLL = 15_000;

describeExternal('carpet bombing in the console', missingTools(CHROMIUM), () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ demo: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows what the attack hits and proposes it as the FlowSpec destination', async () => {
    const db = server.platform.storage.db;
    const kumo = await db.selectFrom('protected_networks').select(['id', 'organization_id', 'prefix']).where('prefix', '=', '198.18.0.0/22').executeTakeFirstOrThrow();
    // The detection engine's events for 256 hosts of 198.18.1.0/24 at 600 pps each, sampled 1:20.
    const h = testEngine({ thresholds: { host: { total: { pps: 1000 } } }, cooldownSeconds: 3 }, [{ id: kumo.id, organizationId: kumo.organization_id, prefix: kumo.prefix }], Date.now() - 60_000);
    const carpet = (now: number, k: number): RecordSpec[] =>
      Array.from({ length: samplesPerStep(256 * 600, 20, 100, k) }, (_, j) => {
        const n = k * 7777 + j;
        return { src: nth('100.64.0.0', (n * 2654435761) % 3000), dst: nth('198.18.1.0', (n * 40503) % 256), protocol: P.UDP, bytes: 540, samplingRate: 20, endMs: now };
      });
    run(h, 10, carpet);
    run(h, 8, () => []);
    const started = h.sink.of('attack.started')[0]!;
    expect(started.scope).toBe('prefix');
    for (const e of h.sink.events) await server.platform.bus.publish(e.kind, e);
    await server.platform.bus.flush();

    const page = await signIn(browser, server.url, 'officer');
    await expect
      .poll(async () => (await apiJson<{ extent: { cover: { prefix: string } } | null }>(page, `/attacks/${started.attackId}`)).extent?.cover.prefix, { timeout: POLL })
      .toBe('198.18.1.0/24');
    await page.goto(`/attacks/${started.attackId}`);
    const panel = page.getByTestId('hit-extent');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('198.18.1.0/24');
    expect(await panel.textContent()).toContain('198.18.0.0/22');
    expect(await panel.locator('tbody tr').first().textContent()).toContain('256');
    await screenshot(page, 'carpet-hit-extent');
    await panel.getByRole('link', { name: 'Request a FlowSpec rule on 198.18.1.0/24' }).click();
    await page.getByRole('heading', { name: 'Request a countermeasure' }).waitFor();
    await expect.poll(() => page.getByLabel('Destination', { exact: true }).inputValue(), { timeout: POLL }).toBe('198.18.1.0/24');
    expect(await page.getByTestId('extent-hint').textContent()).toContain('198.18.1.0/24 (256 hosts)');
    await page.context().close();
  });
});
