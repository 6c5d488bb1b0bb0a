// The core scenarios in all three engines, Chromium, Firefox ESR and WebKitGTK (Safari's engine), through one
// driver interface (tools/engines/engine.ts): the real snippet, `wrangler dev`, the stand-in; each scenario
// asserts what the stand-in stored. An engine that is not installed fails its block (tools/browser.ts).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, type Engine, launchEngine, type Tab } from '../../tools/browser.ts';
import { logsFor, pagesUrl, type StoredLog, uniqueEmail } from './helpers.ts';

// Functions run inside the page: serialised, so they use nothing from this module.
const ready = () => typeof (window as { prospectBeacon?: unknown }).prospectBeacon === 'function';
const outbox = () => (JSON.parse(localStorage.getItem('pb_outbox') || '[]') as unknown[]).length;
/** Counts the snippet's own events (prospectbeacon:captured, :sent, :failed) on <html data-*>. */
const countEvents = () => {
  for (const name of ['captured', 'sent', 'failed'])
    document.addEventListener(`prospectbeacon:${name}`, () => {
      const d = document.documentElement.dataset;
      d[name] = String(Number(d[name] || 0) + 1);
    });
};
const events = () => ({ ...document.documentElement.dataset });
const preventSubmits = () => {
  for (const f of document.querySelectorAll('form')) f.addEventListener('submit', (e) => e.preventDefault());
};

/** expect.poll with room for a loaded machine: 2 cores, three browsers, wrangler dev. */
const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

/** Waits until a log for this e-mail is stored (the positive signal), then requires exactly `count`. */
async function stored(email: string, count: number): Promise<StoredLog[]> {
  await expect.poll(async () => (await logsFor(email)).length, { timeout: 20_000, interval: 200 }).toBeGreaterThanOrEqual(count);
  const logs = await logsFor(email);
  expect(logs).toHaveLength(count);
  return logs;
}

describe.each(ENGINES)('in %s', (name) => {
  let engine: Engine;
  let tab: Tab;
  beforeAll(async () => {
    engine = await launchEngine(name);
    console.log(`engines.test.ts: ${name} is ${engine.version}`);
  });
  afterAll(() => engine?.close());
  beforeEach(async () => {
    tab = await engine.newTab();
  });
  afterEach(() => tab?.close());

  async function open(page: string, email: string, query = '') {
    await tab.goto(`${pagesUrl}/${page}?email=${encodeURIComponent(email)}${query}`);
    await poll(() => tab.evaluate(ready)).toBe(true);
    await tab.evaluate(countEvents);
  }

  it('a page that prevents the submit and leaves for its thank-you page at once: one log', async () => {
    const email = uniqueEmail(`${name}-redirect`);
    // The page keeps its thread busy after setting location.href (tools/pages.ts). In Chromium the navigation then
    // wins the race with the snippet's next-task send, so the capture leaves kept alive at pagehide; Firefox and
    // WebKit run the send first. One log either way.
    await open('prevent-then-leave', email);
    await tab.click('#lead button[type=submit]');
    await poll(() => tab.url()).toMatch(/\/thanks$/);
    const [log] = await stored(email, 1);
    expect(log!.request).toMatchObject({ email, name: 'Ada Lovelace' });
  });

  it('a native form that navigates to a thank-you page: one log with the typed name, source and attribution', async () => {
    const email = uniqueEmail(`${name}-plain`);
    await open('plain', email, '&utm_source=linkedin&utm_campaign=q4-launch');
    await tab.fill('#lead-name', 'Grace Hopper');
    await tab.click('#lead button[type=submit]');
    await poll(() => tab.url()).toMatch(/\/thanks$/);
    const [log] = await stored(email, 1);
    expect(log!.request).toMatchObject({ email, name: 'Grace Hopper', phoneNumber: '+14155550134', source: 'landing-page' });
    expect(log!.request.payload.attribution).toMatchObject({ utm_source: 'linkedin', utm_campaign: 'q4-launch' });
  });

  it('an SPA form whose own code prevents the submit and posts with fetch', async () => {
    const email = uniqueEmail(`${name}-spa`);
    await open('spa', email);
    await tab.click('#lead button[type=submit]');
    await poll(() => tab.evaluate(() => document.body.dataset.done)).toBe('1');
    const [log] = await stored(email, 1);
    expect(log!.request).toMatchObject({ email, name: 'Ada Lovelace', phoneNumber: '+14155550134' });
    await poll(() => tab.evaluate(events)).toMatchObject({ captured: '1', sent: '1' });
  });

  it('offline at submit: the capture waits in the outbox and is sent, once, when the next page view is left', async () => {
    const email = uniqueEmail(`${name}-offline`);
    await open('spa', email);
    await tab.setOffline(true);
    await tab.click('#lead button[type=submit]');
    // The positive signal: the snippet tried, failed, and kept the capture.
    await poll(() => tab.evaluate(events)).toMatchObject({ captured: '1', failed: '1' });
    expect(await tab.evaluate(outbox)).toBe(1);
    expect(await logsFor(email)).toEqual([]);
    await tab.setOffline(false);
    await tab.goto(`${pagesUrl}/thanks`);
    await tab.goto(`${pagesUrl}/plain?email=someone-else@example.com`);
    // Not at load (the outbox is read when a page view is hidden or left): this page view is left, as a tab is
    // closed, and stays alive to read the answer.
    expect(await tab.evaluate(outbox)).toBe(1);
    await tab.evaluate(() => void dispatchEvent(new Event('pagehide')));
    const [log] = await stored(email, 1);
    expect(log!.request.email).toBe(email);
    await poll(() => tab.evaluate(outbox)).toBe(0);
  });

  it('a form inside an open shadow root', async () => {
    const email = uniqueEmail(`${name}-shadow`);
    await open('shadow', email);
    await tab.click('lead-form >>> button[type=submit]');
    const [log] = await stored(email, 1);
    expect(log!.request).toMatchObject({ email, name: 'Ada Lovelace' });
  });

  it('never sends a password, a card number, a CVC or a data-pb-ignore field', async () => {
    const email = uniqueEmail(`${name}-sensitive`);
    await open('sensitive', email);
    await tab.evaluate(preventSubmits);
    await tab.click('#lead button[type=submit]');
    const [log] = await stored(email, 1);
    expect(Object.keys(log!.request.payload.fields)).toEqual(['full_name', 'email', 'phone']);
    const all = JSON.stringify(log!.request);
    for (const secret of ['Tr0ub4dor&3-secret', '4111 1111 1111 1111', '4111111111111111', '737', 'do not send me']) expect(all).not.toContain(secret);
  });

  it('with data-consent="required": holds the capture (not even in storage) until consent(true), then sends it', async () => {
    const email = uniqueEmail(`${name}-consent`);
    await open('consent', email);
    await tab.evaluate(preventSubmits);
    await tab.click('#lead button[type=submit]');
    await poll(() => tab.evaluate(events)).toMatchObject({ captured: '1' });
    expect(await tab.evaluate(outbox)).toBe(0);
    expect(await tab.evaluate(events)).not.toHaveProperty('sent');
    expect(await logsFor(email)).toEqual([]);
    await tab.evaluate(() => (window as unknown as { prospectBeacon: { consent(granted: boolean): void } }).prospectBeacon.consent(true));
    const [log] = await stored(email, 1);
    expect(log!.request.payload.consent).toBe('granted');
    await poll(() => tab.evaluate(events)).toMatchObject({ sent: '1' });
  });
});
