// The real snippet in headless Chromium, posting to `wrangler dev`, delivered to the stand-in: each scenario
// asserts what the stand-in stored.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../../tools/browser';
import { expectLogs, pagesUrl, storedLogs, uniqueEmail, workerUrl } from './helpers';

const chromium = useBrowser();
let page: Page;

async function open(name: string, email: string, query = '') {
  page = await chromium.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${pagesUrl}/${name}?email=${encodeURIComponent(email)}${query}`);
  await page.waitForFunction(() => typeof (window as { prospectBeacon?: unknown }).prospectBeacon === 'function');
  return errors;
}

describe('in a real browser', () => {
  it('a plain form that navigates to a thank-you page: one log, identity, attribution from the landing URL', async () => {
    const email = uniqueEmail('plain');
    const errors = await open('plain', email, '&utm_source=linkedin&utm_campaign=q4-launch');
    await Promise.all([page.waitForURL(/\/thanks/), page.click('button[type=submit]')]);
    const [log, ...more] = await expectLogs(email, 1);
    expect(more).toEqual([]);
    expect(log!.request).toMatchObject({ email, phoneNumber: '+14155550134', name: 'Ada Lovelace', source: 'landing-page' });
    expect(log!.request.payload.attribution).toMatchObject({ utm_source: 'linkedin', utm_campaign: 'q4-launch' });
    expect(errors).toEqual([]);
  });

  it('an SPA form whose own code prevents the submit and posts with fetch', async () => {
    const email = uniqueEmail('spa');
    await open('spa', email);
    await page.click('button[type=submit]');
    await page.waitForFunction(() => document.body.dataset.done === '1');
    expect(await expectLogs(email, 1)).toHaveLength(1);
  });

  it('a form inserted after load', async () => {
    const email = uniqueEmail('dynamic');
    await open('dynamic', email);
    await page.waitForSelector('#lead');
    await Promise.all([page.waitForURL(/\/thanks/), page.click('button[type=submit]')]);
    expect(await expectLogs(email, 1)).toHaveLength(1);
  });

  it('a form inside an open shadow root', async () => {
    const email = uniqueEmail('shadow');
    await open('shadow', email);
    await page.click('lead-form >> input[name=email]');
    await page.click('lead-form >> button[type=submit]');
    expect(await expectLogs(email, 1)).toHaveLength(1);
  });

  it('a form sent with form.submit(), which fires no submit event', async () => {
    const email = uniqueEmail('programmatic');
    await open('programmatic', email);
    await Promise.all([page.waitForURL(/\/thanks/), page.click('#go')]);
    expect(await expectLogs(email, 1)).toHaveLength(1);
  });

  it('requestSubmit()', async () => {
    const email = uniqueEmail('request');
    await open('plain', email);
    await Promise.all([page.waitForURL(/\/thanks/), page.evaluate(() => (document.getElementById('lead') as HTMLFormElement).requestSubmit())]);
    expect(await expectLogs(email, 1)).toHaveLength(1);
  });

  it('a double-click on submit gives one log', async () => {
    const email = uniqueEmail('double');
    await open('spa', email);
    await page.dblclick('button[type=submit]');
    expect(await expectLogs(email, 1)).toHaveLength(1);
  });

  it('a page that calls form.submit() from its own submit handler gives one log', async () => {
    const email = uniqueEmail('twice');
    await open('submit-twice', email);
    await Promise.all([page.waitForURL(/\/thanks/), page.click('button[type=submit]')]);
    expect(await expectLogs(email, 1)).toHaveLength(1);
  });

  it('keeps passwords, card numbers, CVCs and data-pb-ignore content out of every stored log', async () => {
    const email = uniqueEmail('sensitive');
    await open('sensitive', email);
    await page.evaluate(() => {
      for (const f of document.querySelectorAll('form')) f.addEventListener('submit', (e) => e.preventDefault());
    });
    await page.click('#lead button[type=submit]');
    await page.evaluate(() => (document.getElementById('ignored') as HTMLFormElement).requestSubmit());
    expect(await expectLogs(email, 1)).toHaveLength(1);
    const all = JSON.stringify((await storedLogs()).map((l) => l.request));
    for (const secret of ['Tr0ub4dor&3-secret', '4111 1111 1111 1111', '4111111111111111', 'do not send me', `ignored-${email}`])
      expect(all).not.toContain(secret);
    const [log] = await expectLogs(email, 1, { quiet: 0 });
    expect(Object.keys(log!.request.payload.fields)).toEqual(['full_name', 'email', 'phone']);
  });

  it('sends nothing before consent(true), then the held capture', async () => {
    const email = uniqueEmail('consent');
    await open('consent', email);
    await page.click('button[type=submit]').catch(() => {});
    // The page navigated away before consent: nothing may have been sent.
    expect(await expectLogs(email, 0, { timeout: 0, quiet: 2_000 })).toHaveLength(0);
    await open('consent', email);
    await page.evaluate(() => {
      document.getElementById('lead')!.addEventListener('submit', (e) => e.preventDefault());
      (document.querySelector('button[type=submit]') as HTMLButtonElement).click();
    });
    expect(await expectLogs(email, 0, { timeout: 0, quiet: 1_000 })).toHaveLength(0);
    await page.evaluate(() => (window as unknown as { prospectBeacon: { consent(b: boolean): void } }).prospectBeacon.consent(true));
    const logs = await expectLogs(email, 1);
    expect(logs).toHaveLength(1);
    expect(logs[0]!.request.payload.consent).toBe('granted');
  });

  it('network down at submit, then a second page view with the network back: the capture arrives once', async () => {
    const email = uniqueEmail('offline');
    await open('spa', email);
    await page.route(`${workerUrl}/v1/submissions`, (route) => route.abort('internetdisconnected'));
    await page.click('button[type=submit]');
    await page.waitForFunction(() => (JSON.parse(localStorage.getItem('pb_outbox') || '[]') as unknown[]).length === 1);
    expect(await expectLogs(email, 0, { timeout: 0, quiet: 1_000 })).toHaveLength(0);
    await page.unroute(`${workerUrl}/v1/submissions`);
    await page.goto(`${pagesUrl}/thanks`);
    await page.goto(`${pagesUrl}/plain?email=someone-else@example.com`);
    expect(await expectLogs(email, 1)).toHaveLength(1);
    await page.waitForFunction(() => (JSON.parse(localStorage.getItem('pb_outbox') || '[]') as unknown[]).length === 0);
  });

  it('works under a strict CSP that allows scripts and connections to the worker only', async () => {
    const email = uniqueEmail('csp');
    const errors = await open('csp', email);
    await Promise.all([page.waitForURL(/\/thanks/), page.click('button[type=submit]')]);
    expect(await expectLogs(email, 1)).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('works when a tag manager injects the script late (no document.currentScript)', async () => {
    const email = uniqueEmail('gtm');
    await open('tag-manager', email);
    await Promise.all([page.waitForURL(/\/thanks/), page.click('button[type=submit]')]);
    expect(await expectLogs(email, 1)).toHaveLength(1);
  });
});
