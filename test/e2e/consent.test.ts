// Consent read from the site's banner (data-consent="auto") in real browsers, against `wrangler dev` and the stand-in:
// for each banner (test/e2e/consent/pages.ts), no form analytics and no campaign touch stored before consent, both once
// it is granted, neither once it is withdrawn; a lead is sent or held by the scope setting, and its log records the
// consent and its source. Chromium for every banner; Firefox ESR and WebKitGTK for IAB TCF and Consent Mode.
import { readFileSync } from 'node:fs';
import type { Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Engine, launchEngine, type Tab, useBrowser } from '../../tools/browser.ts';
import { expectLogs, logsFor, pagesUrl, POLL, uniqueEmail, workerUrl } from './helpers.ts';

const chromium = useBrowser();
/** The stack's admin token, read from the global setup that sets it, so the two never drift apart. */
const ADMIN_TOKEN = /ADMIN_TOKEN: '([^']+)'/.exec(readFileSync(new URL('./setup.ts', import.meta.url), 'utf8'))![1]!;
type Funnel = { form: string; views: number; starts: number; submissions: number; abandons: number };

/** The form analytics the worker stored for this campaign's lead form (admin API), zeros before any. */
async function funnel(campaign: string): Promise<Funnel> {
  const day = new Date().toISOString().slice(0, 10);
  const res = await fetch(`${workerUrl}/admin/api/forms?from=${day}&to=${day}&campaign=${campaign}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const row = ((await res.json()) as { rows: Funnel[] }).rows.find((r) => r.form === 'lead');
  return row ?? { form: 'lead', views: 0, starts: 0, submissions: 0, abandons: 0 };
}
const BANNERS = [
  ['tcf', 'tcf'],
  ['gcm', 'gcm'],
  ['onetrust', 'onetrust'],
  ['cookiebot', 'cookiebot'],
  ['cookieconsent', 'cookieconsent'],
  ['klaro', 'klaro'],
] as const;

// Functions run inside the page: serialised, so they use nothing from this module.
const ready = () => typeof (window as { prospectBeacon?: unknown }).prospectBeacon === 'function';
const stored = () => localStorage.getItem('pb_touches');
const choose = (what: string) => (window as unknown as { cmp: Record<string, () => void> }).cmp[what]!();
const countCaptured = () =>
  document.addEventListener('prospectbeacon:captured', () => {
    document.body.dataset.captured = String(Number(document.body.dataset.captured || 0) + 1);
  });

/** The page's requests to the worker: form analytics (/v1/events) and captures (/v1/submissions). */
function watch(page: Page) {
  const events: Request[] = [];
  const submissions: Request[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(workerUrl) || r.method() !== 'POST') return;
    if (r.url().endsWith('/v1/events')) events.push(r);
    if (r.url().endsWith('/v1/submissions')) submissions.push(r);
  });
  return { events, submissions };
}

async function open(page: Page, path: string) {
  await page.goto(`${pagesUrl}/${path}`);
  await expect.poll(() => page.evaluate(ready), POLL).toBe(true);
}

/** Fills the form with this e-mail and submits it. */
async function send(page: Page, email: string) {
  await page.fill('#email', email);
  await page.click('#lead button[type=submit]');
}

/** Sends leads, each with a new e-mail, until one leaves marked `consent`: the positive signal that the snippet has read
 * the banner's latest choice (a CMP read by the snippet's 1 s poll takes up to a second). Returns that lead's e-mail. */
async function sendMarked(page: Page, submissions: Request[], tag: string, consent: string): Promise<string> {
  let email = '';
  await expect
    .poll(async () => {
      email = uniqueEmail(tag);
      const n = submissions.length;
      await send(page, email);
      await expect.poll(() => submissions.length, POLL).toBeGreaterThan(n);
      return (JSON.parse(submissions.at(-1)!.postData() ?? '{}') as { consent?: string }).consent;
    }, POLL)
    .toBe(consent);
  return email;
}

describe.each(BANNERS)('with %s on the page', (banner, source) => {
  it('measures and stores nothing before consent, both once it is granted, neither once it is withdrawn; the leads go with the consent they had', async () => {
    const page = await chromium.newPage();
    const { events, submissions } = watch(page);
    await open(page, `consent/${banner}?utm_source=consent-test&utm_campaign=${banner}`);

    // Before consent. The positive signal: a lead sent (the default scope sends it) and its log stored.
    const before = uniqueEmail(`${banner}-before`);
    await send(page, before);
    const [first] = await expectLogs(before, 1);
    expect(first!.request.payload).toMatchObject({ consent: 'denied', consentSource: source });
    expect(events).toEqual([]);
    expect(await page.evaluate(stored)).toBeNull();

    // Granted: the form's view is counted and the campaign touch stored, on the same page, without a reload.
    await page.evaluate(choose, 'grant');
    await expect.poll(() => events.length, POLL).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.evaluate(stored), POLL).toContain(`utm_campaign=${banner}`);
    const granted = uniqueEmail(`${banner}-granted`);
    await send(page, granted);
    const [second] = await expectLogs(granted, 1);
    expect(second!.request.payload).toMatchObject({ consent: 'granted', consentSource: source });

    // Withdrawn. The positive signal: a lead sent marked denied. Then a field touched and the page left: no start,
    // no abandon; and the next page view, from another campaign, stores no touch.
    await page.evaluate(choose, 'withdraw');
    const withdrawn = await sendMarked(page, submissions, `${banner}-withdrawn`, 'denied');
    const [third] = await expectLogs(withdrawn, 1);
    expect(third!.request.payload).toMatchObject({ consent: 'denied', consentSource: source });
    const counted = events.length;
    const touches = await page.evaluate(stored);
    await page.focus('#name');
    await open(page, `consent/${banner}?utm_source=later&utm_campaign=later-${banner}`);
    const after = uniqueEmail(`${banner}-after`);
    await send(page, after);
    await expectLogs(after, 1);
    expect(await page.evaluate(stored)).toBe(touches);
    expect(events).toHaveLength(counted);
    await page.close();
  });

  it('holds the lead with data-consent-scope="all" until consent is granted, then sends it marked granted', async () => {
    const page = await chromium.newPage();
    const { submissions } = watch(page);
    await open(page, `consent/${banner}-all`);
    await page.evaluate(countCaptured);
    const email = uniqueEmail(`${banner}-held`);
    await send(page, email);
    // The positive signal: the snippet took the capture (prospectbeacon:captured); nothing left the page.
    await expect.poll(() => page.evaluate(() => document.body.dataset.captured), POLL).toBe('1');
    expect(submissions).toEqual([]);
    expect(await page.evaluate(() => localStorage.getItem('pb_outbox'))).toBeNull();
    await page.evaluate(choose, 'grant');
    const [log] = await expectLogs(email, 1);
    expect(log!.request.payload).toMatchObject({ consent: 'granted', consentSource: source });
    expect(submissions).toHaveLength(1);
    await page.close();
  });
});

// Firefox ESR and WebKitGTK, through the engine-neutral driver (no request observer there): what is stored on the
// page, and the logs the stand-in stores.
describe.each(['firefox', 'webkit'] as const)('in %s', (name) => {
  let engine: Engine;
  let tab: Tab;
  beforeAll(async () => {
    engine = await launchEngine(name);
  });
  afterAll(() => engine?.close());
  beforeEach(async () => {
    tab = await engine.newTab();
  });
  afterEach(() => tab?.close());

  async function openTab(path: string) {
    await tab.goto(`${pagesUrl}/${path}`);
    await expect.poll(() => tab.evaluate(ready), POLL).toBe(true);
  }
  async function sendTab(email: string) {
    await tab.fill('#email', email);
    await tab.click('#lead button[type=submit]');
  }

  it.each(['tcf', 'gcm'] as const)('follows %s: nothing counted or stored before consent, both after it, neither after it is withdrawn', async (banner) => {
    const campaign = `${name}-${banner}-${Date.now().toString(36)}`;
    await openTab(`consent/${banner}?utm_source=consent-test&utm_campaign=${campaign}`);
    const before = uniqueEmail(`${name}-${banner}-before`);
    await sendTab(before);
    const [first] = await expectLogs(before, 1);
    expect(first!.request.payload).toMatchObject({ consent: 'denied', consentSource: banner });
    // The worker counted the submission (the positive signal), and no view, start or touch came before consent.
    await expect.poll(() => funnel(campaign), POLL).toMatchObject({ submissions: 1 });
    expect(await funnel(campaign)).toMatchObject({ views: 0, starts: 0 });
    expect(await tab.evaluate(stored)).toBeNull();

    await tab.evaluate(choose, 'grant');
    await expect.poll(() => tab.evaluate(stored), POLL).toContain(`utm_campaign=${campaign}`);
    await expect.poll(() => funnel(campaign), POLL).toMatchObject({ views: 1 });
    const granted = uniqueEmail(`${name}-${banner}-granted`);
    await sendTab(granted);
    const [second] = await expectLogs(granted, 1);
    expect(second!.request.payload).toMatchObject({ consent: 'granted', consentSource: banner });
    await expect.poll(() => funnel(campaign), POLL).toMatchObject({ submissions: 2 });

    // TCF and Consent Mode are read as they change: the next lead already goes marked denied.
    await tab.evaluate(choose, 'withdraw');
    const withdrawn = uniqueEmail(`${name}-${banner}-withdrawn`);
    await tab.fill('#name', 'Grace Hopper'); // a field touched after the withdrawal: no start
    await sendTab(withdrawn);
    const [third] = await expectLogs(withdrawn, 1);
    expect(third!.request.payload).toMatchObject({ consent: 'denied', consentSource: banner });
    const touches = await tab.evaluate(stored);
    await openTab(`consent/${banner}?utm_source=later&utm_campaign=${campaign}-later`);
    const after = uniqueEmail(`${name}-${banner}-after`);
    await sendTab(after);
    await expectLogs(after, 1);
    await expect.poll(() => funnel(campaign), POLL).toMatchObject({ submissions: 3 });
    // The start of the granted part waited for the page to be left (analytics sends it at pagehide), which came after
    // the withdrawal: it was never sent.
    expect(await funnel(campaign)).toMatchObject({ views: 1, starts: 0, abandons: 0 });
    expect(await funnel(`${campaign}-later`)).toMatchObject({ views: 0, starts: 0 });
    expect(await tab.evaluate(stored)).toBe(touches);
  });

  it.each(['tcf', 'gcm'] as const)('holds the lead with data-consent-scope="all" under %s until consent', async (banner) => {
    await openTab(`consent/${banner}-all`);
    await tab.evaluate(countCaptured);
    const email = uniqueEmail(`${name}-${banner}-held`);
    await sendTab(email);
    await expect.poll(() => tab.evaluate(() => document.body.dataset.captured), POLL).toBe('1');
    expect(await tab.evaluate(() => localStorage.getItem('pb_outbox'))).toBeNull();
    expect(await logsFor(email)).toEqual([]);
    await tab.evaluate(choose, 'grant');
    const [log] = await expectLogs(email, 1);
    expect(log!.request.payload).toMatchObject({ consent: 'granted', consentSource: banner });
  });
});
