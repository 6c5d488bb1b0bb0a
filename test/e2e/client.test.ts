// The snippet's delivery under stress, in Chromium: a 500 from the endpoint, the outbox bound,
// and 200 rapid submissions on one page.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../../tools/browser';
import { POLL, expectLogs, logsFor, pagesUrl, storedLogs, uniqueEmail, workerUrl } from './helpers';

const chromium = useBrowser();
let page: Page;

async function open(email = 'nobody@example.com') {
  page = await chromium.newPage();
  await page.goto(`${pagesUrl}/spa?email=${encodeURIComponent(email)}`);
  await page.waitForFunction(() => typeof (window as { prospectBeacon?: unknown }).prospectBeacon === 'function');
}

const outboxSize = () => page.evaluate(() => (JSON.parse(localStorage.getItem('pb_outbox') || '[]') as unknown[]).length);

/** Submits the SPA form `n` times, each with its own e-mail, as fast as the page takes them. */
async function submitMany(emails: string[]) {
  await page.evaluate((emails) => {
    const form = document.getElementById('lead') as HTMLFormElement;
    const input = form.querySelector('[name=email]') as HTMLInputElement;
    for (const email of emails) {
      input.value = email;
      form.requestSubmit();
    }
  }, emails);
}

describe('client-side delivery in Chromium', () => {
  it('keeps a capture the endpoint answered 500 and delivers it once when the next page view is left', async () => {
    const email = uniqueEmail('http500');
    await open(email);
    await page.route(`${workerUrl}/v1/submissions`, (route) =>
      route.fulfill({ status: 500, headers: { 'access-control-allow-origin': pagesUrl }, body: '{}' }),
    );
    await page.click('button[type=submit]');
    await page.waitForFunction(() => (JSON.parse(localStorage.getItem('pb_outbox') || '[]') as unknown[]).length === 1);
    await page.unroute(`${workerUrl}/v1/submissions`);
    // The 500 was answered in the browser (the outbox kept the capture): the worker never saw it.
    expect(await logsFor(email)).toHaveLength(0);
    await page.reload();
    // Not at load: the outbox is read when the page is hidden or left (its first storage access is costly).
    expect(await outboxSize()).toBe(1);
    // Left as a tab is closed or followed elsewhere: pagehide, the capture kept alive, its answer read in the page.
    await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide')));
    expect(await expectLogs(email, 1)).toHaveLength(1);
    await page.waitForFunction(() => (JSON.parse(localStorage.getItem('pb_outbox') || '[]') as unknown[]).length === 0);
  });

  it('bounds the outbox at 20 while the endpoint is down', async () => {
    await open();
    await page.route(`${workerUrl}/v1/submissions`, (route) => route.abort('connectionrefused'));
    await page.evaluate(() => {
      document.body.dataset.failed = '0';
      document.addEventListener('prospectbeacon:failed', () => (document.body.dataset.failed = String(Number(document.body.dataset.failed) + 1)));
    });
    await submitMany(Array.from({ length: 25 }, (_, i) => `bound.${i}.${Date.now()}@example.com`));
    // Every one of the 25 was tried and failed (the positive signal); only then is the outbox's size final.
    await page.waitForFunction(() => document.body.dataset.failed === '25', undefined, { timeout: POLL.timeout });
    expect(await outboxSize()).toBe(20);
  });

  it('200 rapid submissions on one page become 200 distinct logs, none twice', { timeout: 120_000 }, async () => {
    await open();
    const tag = Date.now().toString(36);
    const emails = Array.from({ length: 200 }, (_, i) => `rapid.${tag}.${i}@example.com`);
    await submitMany(emails);
    // The visitor stays on the page: every request gets its answer and leaves the outbox.
    await page.waitForFunction(() => (JSON.parse(localStorage.getItem('pb_outbox') || '[]') as unknown[]).length === 0, undefined, {
      timeout: 60_000,
      polling: 250,
    });
    const rapid = async () => (await storedLogs()).filter((l) => l.request.email?.startsWith(`rapid.${tag}.`));
    // Every request answered (the outbox is empty) and 200 stored: then a duplicate would be among them.
    await expect.poll(async () => (await rapid()).length, { timeout: 60_000, interval: 1_000 }).toBeGreaterThanOrEqual(200);
    const mine = await rapid();
    const byEmail = new Map<string, number>();
    for (const l of mine) byEmail.set(l.request.email!, (byEmail.get(l.request.email!) ?? 0) + 1);
    expect({ distinct: byEmail.size, twice: [...byEmail.values()].filter((n) => n > 1).length }).toEqual({ distinct: 200, twice: 0 });
  });
});
