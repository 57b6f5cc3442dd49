/**
 * The Exposure pages end to end, in Debian's chromium against the real platform (demo mode: the
 * demo's NVD, KEV and EPSS records imported at start against the demo assets — the airline's
 * FortiOS 7.2.4 VPN gateway is in the KEV catalogue's CVE-2023-27997 and CVE-2024-21762, the bank's
 * Ivanti Connect Secure in CVE-2025-0282 and its NetScaler ADC in CVE-2023-4966). The analyst sees
 * the national picture by sector, CVE (KEV marked) and vendor, follows CVE-2023-27997 to its
 * finding and opens why it holds (the NVD criterion, the version compared, the priority's factors
 * with their points), reads the latest imports, and opens the merged record with the source of
 * each field; the airline's reporter sees only its own findings, under its assets, and the bank's
 * finding neither through the CVE filter nor through the bank's organisation in the URL; the
 * aviation regulator sees its sector only. Screenshots go to artifacts/screenshots/exposure-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeExternal, missingTools } from '../../src/testing/external.js';
import { apiJson, CHROMIUM, launchChromium, screenshot, signIn, startServer, type TestServer } from './harness.js';

interface Finding {
  readonly assetId: string;
  readonly organizationId: string;
  readonly organization: string;
  readonly sector: string;
  readonly cve: string;
  readonly priority: number;
  readonly kev: boolean;
  readonly asset: { readonly vendor: string | null; readonly product: string | null };
  readonly factors: { readonly exploitation: { readonly points: number } };
}
interface Summary {
  readonly findings: number;
  readonly bySector: readonly { readonly sector: string }[];
  readonly byCve: readonly { readonly cve: string; readonly kev: boolean }[];
}

/** How long a poll may wait for the page to catch up (machines under load are slow). */
const POLL = 15_000;
const FORTIOS_CVES = ['CVE-2023-27997', 'CVE-2024-21762'];
const BANK_CVE = 'CVE-2025-0282';

const navTitles = (page: Page): Promise<string[]> => page.locator('nav[aria-label=Main] .nav a span').allTextContents();
const findings = async (page: Page, query = '') => (await apiJson<{ items: Finding[] }>(page, `/exposure/findings?limit=1000${query}`)).items;

describeExternal('exposure pages in chromium', missingTools(CHROMIUM), () => {
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

  it('shows the analyst the national picture with the FortiOS CVEs, why the airline’s gateway is exposed, the imports, and the record with its sources', async () => {
    const page = await signIn(browser, server.url, 'analyst');
    expect(await navTitles(page)).toContain('Exposure');
    // Keyboard: `g v` opens the page.
    await page.keyboard.press('g');
    await page.keyboard.press('v');
    await page.waitForURL(/\/exposure$/);
    const summary = await apiJson<Summary>(page, '/exposure/summary');
    const byCve = page.getByRole('table', { name: 'By CVE' });
    await expect.poll(() => byCve.locator('tbody tr').count(), { timeout: POLL }).toBe(summary.byCve.length);
    for (const cve of [...FORTIOS_CVES, BANK_CVE]) {
      const row = byCve.getByTestId(`by-cve-${cve}`);
      expect(await row.getByRole('link', { name: cve, exact: true }).count()).toBe(1);
      expect(await row.getByTestId('kev').textContent()).toBe('KEV');
    }
    expect(summary.byCve.filter((c) => FORTIOS_CVES.includes(c.cve)).every((c) => c.kev)).toBe(true);
    const sectors = await page.getByRole('table', { name: 'By sector' }).locator('tbody tr td:first-child').allTextContents();
    expect(sectors.sort()).toEqual(summary.bySector.map((s) => s.sector).sort());
    expect(sectors).toEqual(expect.arrayContaining(['aviation', 'finance']));
    expect(await page.getByRole('table', { name: 'By vendor' }).textContent()).toContain('Fortinet');
    expect(await page.getByTestId('exposure-totals').textContent()).toContain(`Findings${summary.findings}`);
    await screenshot(page, 'exposure-analyst');

    // From the breakdown to the CVE's findings: the airline's gateway, with why it holds.
    await byCve.getByRole('link', { name: 'Findings of CVE-2023-27997' }).click();
    await page.waitForURL(/\/exposure\?tab=findings&cve=CVE-2023-27997$/);
    const expected = await findings(page, '&cve=CVE-2023-27997');
    expect(expected.map((f) => f.organization)).toEqual(['Aozora Airlines']);
    const table = page.getByRole('table', { name: 'Findings' });
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: POLL }).toBe(1);
    const row = table.getByTestId(`finding-${expected[0]!.assetId}-CVE-2023-27997`);
    expect(await row.textContent()).toContain('Aozora Airlines');
    expect(await row.getByTestId('priority').textContent()).toContain(String(expected[0]!.priority));
    const why = row.getByRole('button', { name: /^Why CVE-2023-27997 on Fortinet FortiGate/ });
    expect(await why.getAttribute('aria-expanded')).toBe('false');
    await why.click();
    expect(await why.getAttribute('aria-expanded')).toBe('true');
    const evidence = page.getByTestId('finding-why');
    await evidence.waitFor();
    expect(await why.getAttribute('aria-controls')).toBe(await evidence.getAttribute('id'));
    const matched = (await evidence.getByTestId('finding-matches').textContent()) ?? '';
    expect(matched).toContain('NVD configuration');
    expect(matched).toContain('cpe:2.3:o:fortinet:fortios');
    expect(matched).toContain('version 7.2.4');
    const factors = evidence.getByRole('table', { name: /^Priority factors of CVE-2023-27997/ });
    const exploitation = factors.getByRole('row', { name: /^Exploitation/ });
    expect(await exploitation.textContent()).toContain(String(expected[0]!.factors.exploitation.points));
    expect(await exploitation.textContent()).toContain('in CISA KEV');
    expect(await factors.getByRole('row', { name: /^Priority/ }).textContent()).toContain(String(expected[0]!.priority));
    await screenshot(page, 'exposure-finding-why');

    // The latest imports: the demo's three documents, each with what it read and changed.
    await page.getByRole('tab', { name: 'Imports' }).click();
    const runs = page.getByRole('table', { name: 'Latest imports' });
    await expect.poll(() => runs.locator('tbody tr').count(), { timeout: POLL }).toBeGreaterThanOrEqual(3);
    const imported = (await runs.textContent()) ?? '';
    for (const origin of ['scenarios/demo-vulns/nvd-page.json', 'scenarios/demo-vulns/kev.json', 'scenarios/demo-vulns/epss.csv']) expect(imported).toContain(origin);
    await screenshot(page, 'exposure-imports');

    // The merged record: every field beside its source.
    await page.goto('/exposure');
    await byCve.getByRole('link', { name: 'CVE-2023-27997', exact: true }).click();
    await page.waitForURL(/\/vulns\/CVE-2023-27997$/);
    await page.getByRole('heading', { name: 'CVE-2023-27997', level: 1 }).waitFor();
    const fields = page.getByRole('table', { name: 'Record' });
    await fields.waitFor();
    const sourceOf = async (field: string) => fields.getByTestId(`vuln-field-${field}`).getByTestId('source').textContent();
    expect(await sourceOf('Description')).toBe('NVD');
    expect(await sourceOf('Known exploited')).toBe('CISA KEV');
    expect(await sourceOf('EPSS')).toBe('FIRST EPSS');
    expect(await page.getByRole('table', { name: 'CVSS scores' }).getByTestId('source').allTextContents()).toContain('NVD');
    expect(await page.getByTestId('vuln-configurations').textContent()).toContain('cpe:2.3:o:fortinet:fortios');
    // The exposed assets of the reader's scope, here the airline's gateway.
    await expect.poll(() => page.getByRole('table', { name: 'Findings of CVE-2023-27997' }).locator('tbody tr').count(), { timeout: POLL }).toBe(1);
    await screenshot(page, 'exposure-vulnerability');
    await page.context().close();
  });

  it('shows the airline’s reporter only its own findings under its assets, and not the bank’s by filter or by URL', async () => {
    const page = await signIn(browser, server.url, 'airline');
    expect(await navTitles(page)).toContain('Exposure');
    await page.goto('/exposure');
    const own = await findings(page);
    expect(own.length).toBeGreaterThanOrEqual(2);
    expect(own.every((f) => f.organizationId === 'demo-aozora-airlines')).toBe(true);
    const gateway = own.find((f) => f.cve === 'CVE-2023-27997')!;
    const section = page.getByTestId(`exposed-asset-${gateway.assetId}`);
    await section.waitFor({ timeout: POLL });
    expect(await section.getByRole('heading', { level: 2 }).textContent()).toContain('Fortinet FortiGate');
    const rows = section.getByRole('table', { name: /^Findings of Fortinet FortiGate/ }).locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: POLL }).toBe(own.filter((f) => f.assetId === gateway.assetId).length);
    for (const cve of FORTIOS_CVES) expect(await section.getByRole('link', { name: cve, exact: true }).count()).toBe(1);
    // An operator's page has no organisation column or choice: it is its own.
    expect(await page.getByRole('columnheader', { name: 'Organisation' }).count()).toBe(0);
    expect(await page.getByRole('combobox', { name: 'Organisation' }).count()).toBe(0);
    const text = (await page.getByRole('main').textContent()) ?? '';
    expect(text).not.toContain(BANK_CVE);
    expect(text).not.toContain('Ivanti');
    expect(text).not.toContain('Minato');
    await section.getByRole('button', { name: /^Why CVE-2023-27997/ }).click();
    await section.getByTestId('finding-factors').waitFor();
    await screenshot(page, 'exposure-operator');

    // The bank's CVE through the filter: nothing.
    const filter = page.getByRole('form', { name: 'Filter findings' });
    await filter.getByLabel('CVE').fill(BANK_CVE.toLowerCase());
    await filter.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(new RegExp(`cve=${BANK_CVE}$`));
    await page.getByText('No findings match the filter.').waitFor({ timeout: POLL });
    expect(await findings(page, `&cve=${BANK_CVE}`)).toEqual([]);
    // The bank's organisation in the URL: nothing either, not even the totals.
    await page.goto('/exposure?organizationId=demo-minato-bank');
    await page.getByText('No findings match the filter.').waitFor({ timeout: POLL });
    await expect.poll(() => page.getByTestId('exposure-totals').textContent(), { timeout: POLL }).toContain('Findings0');
    expect(await page.getByRole('main').textContent()).not.toContain('Ivanti');
    expect(await findings(page, '&organizationId=demo-minato-bank')).toEqual([]);
    await screenshot(page, 'exposure-operator-filtered');
    await page.context().close();
  });

  it('shows the aviation regulator its sector’s picture only, without the imports', async () => {
    const page = await signIn(browser, server.url, 'regulator');
    expect(await navTitles(page)).toContain('Exposure');
    await page.goto('/exposure');
    const sectors = page.getByRole('table', { name: 'By sector' }).locator('tbody tr td:first-child');
    await expect.poll(() => sectors.allTextContents(), { timeout: POLL }).toEqual(['aviation']);
    expect(await page.getByRole('table', { name: 'By CVE' }).textContent()).not.toContain(BANK_CVE);
    expect(await page.getByRole('tab', { name: 'Imports' }).count()).toBe(0);
    expect((await findings(page)).every((f) => f.sector === 'aviation')).toBe(true);
    await page.context().close();

    const officer = await signIn(browser, server.url, 'officer');
    expect(await navTitles(officer)).not.toContain('Exposure');
    await officer.goto('/exposure');
    await officer.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    await officer.context().close();
  });
});
