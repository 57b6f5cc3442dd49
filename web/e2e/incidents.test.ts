/**
 * The Incidents pages end to end, in Debian's chromium against the real platform (demo mode: the
 * airline's incident under the ACD Act, aware 30 days back at 09:00 Japan time, its prompt report
 * submitted at start — late against the product's 24 h — and its written report due at the end of
 * today in Japan). The airline's reporter sees that deadline, drafts the written report's 7 items,
 * is refused with one item missing, submits it; the aviation regulator acknowledges it; the
 * reporter's amendment is then refused with the coded error; the regulator orders a correction
 * with a deadline, which the incident shows to both; the bank's reporter neither lists nor opens
 * the airline's incident; the analyst lists it; the reporter opens an incident aware 40 days back
 * through the form, and the regulator's desk shows it overdue, earliest due first.
 * Screenshots go to artifacts/screenshots/incidents-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_INCIDENT_TITLE } from '../../src/cli/demo-cooperation.js';
import { JP_ACT } from '../../src/cooperation/regimes/tables/jp-act.js';
import { describeExternal, missingTools } from '../../src/testing/external.js';
import { apiJson, CHROMIUM, launchChromium, screenshot, signIn, startServer, type TestServer } from './harness.js';

interface Summary {
  readonly id: string;
  readonly title: string;
  readonly organizationId: string;
  readonly nextDue: { readonly at: number; readonly local: string; readonly ref: string } | null;
}
interface Stage {
  readonly stage: string;
  readonly state: string;
  readonly dueLocal: string | null;
}

/** How long a poll may wait for the page to catch up (machines under load are slow). */
const POLL = 15_000;
const DAY_MS = 86_400_000;
const JST_MS = 9 * 3_600_000;

const STATE_LABELS: Readonly<Record<string, string>> = { 'submitted-on-time': 'Submitted on time', 'submitted-late': 'Submitted late' };
const WRITTEN_ITEMS = JP_ACT.stages.find((s) => s.stage === 'written-report')!.items!;
const navTitles = (page: Page): Promise<string[]> => page.locator('nav[aria-label=Main] .nav a span').allTextContents();
const incidentTable = (page: Page) => page.getByRole('table', { name: 'Incidents' });
const demoRow = (page: Page) => incidentTable(page).locator('tbody tr').filter({ hasText: DEMO_INCIDENT_TITLE });
/** `YYYY-MM-DDTHH:MM` in Japan time, for a `datetime-local` input of a Japanese regime. */
const japanInput = (ms: number): string => new Date(ms + JST_MS).toISOString().slice(0, 16);

describeExternal('incidents pages in chromium', missingTools(CHROMIUM), () => {
  let server: TestServer;
  let browser: Browser;
  /** The demo incident's id, the day the demo started in Japan, and the day its written report falls due. */
  let incidentId: string;
  let dueDay: string;
  let writtenDue: string;

  beforeAll(async () => {
    server = await startServer({ demo: true });
    dueDay = new Date(Date.now() + JST_MS).toISOString().slice(0, 10);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const openDemo = async (page: Page) => {
    await page.goto(`/incidents/${incidentId}`);
    await page.getByRole('heading', { name: DEMO_INCIDENT_TITLE, level: 1 }).waitFor();
  };

  it('shows the airline’s reporter the demo incident with its written report due today, and takes the written report', async () => {
    const page = await signIn(browser, server.url, 'airline');
    expect(await navTitles(page)).toContain('Incidents');
    // Keyboard: `g p` opens the page.
    await page.keyboard.press('g');
    await page.keyboard.press('p');
    await page.waitForURL(/\/incidents$/);
    await expect.poll(() => demoRow(page).count(), { timeout: POLL }).toBe(1);
    expect(await incidentTable(page).getByRole('columnheader', { name: 'Organisation' }).count()).toBe(0);
    const listed = (await apiJson<{ items: Summary[] }>(page, '/incidents')).items;
    incidentId = listed.find((i) => i.title === DEMO_INCIDENT_TITLE)!.id;
    // Due at the end of today in Japan — of the next working day when today is a Sunday or a holiday (Civil Code Art. 142).
    const stages = (await apiJson<{ stages: Stage[] }>(page, `/incidents/${incidentId}`)).stages;
    writtenDue = /^(\d{4}-\d{2}-\d{2})T24:00:00\+09:00$/.exec(stages.find((s) => s.stage === 'written-report')!.dueLocal ?? '')?.[1] ?? '';
    expect(writtenDue >= dueDay && Date.parse(writtenDue) - Date.parse(dueDay) <= 4 * DAY_MS, `${writtenDue} is not today (${dueDay}) or the next working day`).toBe(true);
    const row = (await demoRow(page).textContent()) ?? '';
    expect(row).toContain('ACD Act (JP)');
    expect(row).toContain('written report');
    expect(row).toContain(`${writtenDue} 24:00 JST`);
    expect(row).toContain(`${writtenDue} 15:00 UTC`);
    await screenshot(page, 'incidents-operator');

    // Rows are links: reached by focus, opened with Enter.
    await incidentTable(page).getByRole('link', { name: DEMO_INCIDENT_TITLE }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/incidents/${incidentId}$`));
    await page.getByRole('heading', { name: DEMO_INCIDENT_TITLE, level: 1 }).waitFor();
    const prompt = page.getByTestId('stage-prompt-report');
    await expect.poll(() => prompt.textContent(), { timeout: POLL }).toMatch(/Submitted late.*expectation.*late by \d+ d \d+ h \d{2} min \d{2} s/);
    const written = page.getByTestId('stage-written-report');
    expect(await written.textContent()).toContain('4条3項1号〜7号');
    expect(await page.getByTestId('stage-written-report-due').textContent()).toContain(`${writtenDue} 24:00 JST`);
    expect(await page.getByTestId('stage-written-report-versions').textContent()).toBe('0');

    // The draft: a summary and six of the seven items, saved.
    const form = page.getByRole('form', { name: /^Report: Written report/ });
    await form.getByLabel('Summary').fill('UDP flood on the booking site; C2 beacon from one booking host, isolated.');
    for (const [n, label] of WRITTEN_ITEMS.slice(0, 6).entries()) await form.getByLabel(label, { exact: true }).fill(`Item ${n + 1} of the written report.`);
    await form.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => form.getByRole('status').textContent(), { timeout: POLL }).toMatch(/^Draft saved/);
    // The ordinance's 7 items are all required: the API refuses and names the item.
    await form.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => form.getByRole('alert').textContent(), { timeout: POLL }).toContain('SAKIMORI_ERR_INCIDENT_INVALID');
    expect(await page.getByTestId('stage-written-report-versions').textContent()).toBe('0');
    // The seventh, then Ctrl+Enter submits from the text area.
    await form.getByLabel(WRITTEN_ITEMS[6]!, { exact: true }).fill('Nothing further.');
    await form.getByLabel(WRITTEN_ITEMS[6]!, { exact: true }).press('Control+Enter');
    await expect.poll(() => page.getByTestId('stage-written-report-versions').textContent(), { timeout: POLL }).toBe('1');
    // On time unless Japan's day ended since the demo started: the page says what the API says.
    const after = (await apiJson<{ stages: Stage[] }>(page, `/incidents/${incidentId}`)).stages;
    const state = after.find((s) => s.stage === 'written-report')!.state;
    expect(Object.keys(STATE_LABELS)).toContain(state);
    await expect.poll(() => written.getByText(STATE_LABELS[state]!, { exact: true }).count(), { timeout: POLL }).toBe(1);
    if (state === 'submitted-on-time') expect(await page.getByTestId('report-written-report-status').textContent()).toBe('Submitted: version 1, on time.');
    expect(await page.getByTestId('stage-written-report-acknowledged').textContent()).toBe('not yet');
    await expect.poll(() => page.getByTestId('incident-timeline').textContent(), { timeout: POLL }).toContain('Report submitted');
    await screenshot(page, 'incidents-detail');
    await page.context().close();
  });

  it('lets the aviation regulator acknowledge the written report, after which the reporter’s amendment is refused', async () => {
    const regulator = await signIn(browser, server.url, 'regulator');
    expect(await navTitles(regulator)).toContain('Incidents');
    await regulator.goto('/incidents');
    await expect.poll(() => demoRow(regulator).count(), { timeout: POLL }).toBe(1);
    await expect.poll(() => demoRow(regulator).textContent(), { timeout: POLL }).toContain('Aozora Airlines');
    await openDemo(regulator);
    // Regulators read the reports, not the drafts, and have no editor.
    expect(await regulator.getByRole('form', { name: /^Report:/ }).count()).toBe(0);
    const written = regulator.getByTestId('stage-written-report');
    await written.getByRole('button', { name: 'Acknowledge version 1' }).click();
    await expect.poll(() => regulator.getByTestId('stage-written-report-acknowledged').textContent(), { timeout: POLL }).toBe('yes');
    expect(await written.getByRole('button', { name: /^Acknowledge/ }).count()).toBe(0);

    const reporter = await signIn(browser, server.url, 'airline');
    await openDemo(reporter);
    const form = reporter.getByRole('form', { name: /^Report: Written report/ });
    // The editor starts from the submitted version.
    await expect.poll(() => form.getByLabel(WRITTEN_ITEMS[6]!, { exact: true }).inputValue(), { timeout: POLL }).toBe('Nothing further.');
    await form.getByLabel('Summary').fill('Amended: the C2 host was a second workstation.');
    await form.getByRole('button', { name: 'Amend' }).click();
    await expect.poll(() => form.getByRole('alert').textContent(), { timeout: POLL }).toContain('SAKIMORI_ERR_INCIDENT_ACKNOWLEDGED');
    expect(await reporter.getByTestId('stage-written-report-versions').textContent()).toBe('1');
    await form.getByRole('alert').scrollIntoViewIfNeeded();
    await screenshot(reporter, 'incidents-amend-refused');

    // The regulator orders a correction with a deadline; Enter in the text field sends it.
    const order = regulator.getByRole('form', { name: 'Order a correction' });
    await order.getByLabel('Report').selectOption('written-report');
    const deadline = Date.now() + 5 * DAY_MS;
    await order.getByLabel(/^Deadline/).fill(japanInput(deadline));
    await order.getByLabel('What to correct').fill('Give the affected computer’s asset id in item 4.');
    await order.getByLabel('What to correct').press('Enter');
    const requests = regulator.getByTestId('incident-requests');
    await expect.poll(() => requests.textContent(), { timeout: POLL }).toContain('Give the affected computer’s asset id in item 4.');
    expect(await requests.textContent()).toContain(`${japanInput(deadline).replace('T', ' ')} JST`);
    expect(await requests.textContent()).toContain('Correction order');
    await screenshot(regulator, 'incidents-regulator-order');
    await regulator.context().close();

    // The reporter sees the order on the incident, and an amendment now answers it.
    await openDemo(reporter);
    await expect.poll(() => reporter.getByTestId('incident-requests').textContent(), { timeout: POLL }).toContain('Give the affected computer’s asset id in item 4.');
    const next = reporter.getByRole('form', { name: /^Report: Written report/ });
    await next.getByLabel(WRITTEN_ITEMS[3]!, { exact: true }).fill('Booking web server, asset demo-aozora-web-1.');
    await next.getByRole('button', { name: 'Amend' }).click();
    await expect.poll(() => reporter.getByTestId('stage-written-report-versions').textContent(), { timeout: POLL }).toBe('2');
    await expect.poll(() => reporter.getByTestId('incident-requests').textContent(), { timeout: POLL }).toContain('Answered (version 2)');
    await reporter.context().close();
  });

  it('keeps the airline’s incident from the bank’s reporter, and shows it to the analyst', async () => {
    const bank = await signIn(browser, server.url, 'bank');
    await bank.goto('/incidents');
    await bank.getByText('No incidents.').waitFor({ timeout: POLL });
    expect(await bank.getByText(DEMO_INCIDENT_TITLE).count()).toBe(0);
    await bank.goto(`/incidents/${incidentId}`);
    await bank.getByRole('heading', { name: 'Incident not found' }).waitFor();
    expect(await bank.getByRole('alert').textContent()).toContain('SAKIMORI_ERR_INCIDENT_NOT_FOUND');
    await screenshot(bank, 'incidents-not-found');
    await bank.context().close();

    const analyst = await signIn(browser, server.url, 'analyst');
    expect(await navTitles(analyst)).toContain('Incidents');
    await analyst.goto('/incidents');
    await expect.poll(() => demoRow(analyst).textContent(), { timeout: POLL }).toContain('Aozora Airlines');
    // Analysts read and cite; they neither report nor regulate.
    expect(await analyst.getByRole('form', { name: 'Open an incident' }).count()).toBe(0);
    await openDemo(analyst);
    expect(await analyst.getByRole('form', { name: 'Cite evidence' }).count()).toBe(1);
    expect(await analyst.getByTestId('regulator-actions').count()).toBe(0);
    await analyst.context().close();

    const officer = await signIn(browser, server.url, 'officer');
    expect(await navTitles(officer)).not.toContain('Incidents');
    await officer.context().close();
  });

  it('shows an incident opened 40 days after awareness overdue on the regulator’s desk, earliest due first', async () => {
    const reporter = await signIn(browser, server.url, 'airline');
    await reporter.goto('/incidents');
    const form = reporter.getByRole('form', { name: 'Open an incident' });
    await form.getByLabel('Regime').selectOption('jp-act');
    await form.getByLabel('Category').selectOption('ransomware');
    await form.getByLabel('Title').fill('Ransomware on the crew scheduling system');
    // A moment in the future is refused with the API's coded error next to the form.
    await form.getByLabel('Became aware').fill(japanInput(Date.now() + 2 * DAY_MS));
    await form.getByLabel('Title').press('Enter');
    await expect.poll(() => form.getByRole('alert').textContent(), { timeout: POLL }).toContain('SAKIMORI_ERR_INCIDENT_DATE');
    await form.getByLabel('Became aware').fill(japanInput(Date.now() - 40 * DAY_MS));
    await form.getByLabel('Title').press('Enter');
    await expect.poll(() => form.getByRole('status').textContent(), { timeout: POLL }).toContain('Opened Ransomware on the crew scheduling system');
    const created = incidentTable(reporter).locator('tbody tr').filter({ hasText: 'Ransomware on the crew scheduling system' });
    await expect.poll(() => created.textContent(), { timeout: POLL }).toMatch(/overdue by 3\d d \d+ h \d{2} min \d{2} s/);
    await reporter.context().close();

    const page = await signIn(browser, server.url, 'regulator');
    await page.goto('/incidents');
    // Keyboard: the tabs move with the arrow keys; the tab is in the URL.
    await page.getByRole('tab', { name: 'All incidents' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/\/incidents\?tab=desk$/);
    expect(await page.getByRole('tab', { name: 'Regulator’s desk' }).getAttribute('aria-selected')).toBe('true');
    const overdue = (await apiJson<{ items: Summary[] }>(page, '/incidents/overdue')).items;
    expect(overdue.some((i) => i.title === 'Ransomware on the crew scheduling system')).toBe(true);
    const dues = overdue.map((i) => i.nextDue!.at);
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    const table = page.getByTestId('desk-overdue');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: POLL }).toBe(overdue.length);
    expect(await table.getByRole('link').allTextContents()).toEqual(overdue.map((i) => i.title));
    expect(await table.textContent()).toMatch(/prompt report.*overdue by 3\d d \d+ h \d{2} min \d{2} s/);
    // The demo incident's correction order was answered by the amendment.
    // The demo incident's reports were never acknowledged since the amendment.
    await expect.poll(() => page.getByTestId('desk-acknowledgements').textContent(), { timeout: POLL }).toContain(DEMO_INCIDENT_TITLE);
    await page.getByRole('heading', { name: /^Correction orders not yet answered/ }).waitFor();
    await expect.poll(() => page.getByText('No correction order is open.').count(), { timeout: POLL }).toBe(1);
    await screenshot(page, 'incidents-regulator-desk');
    await page.context().close();
  });
});
