// The console end to end in Chromium: a form page opened three times, its form started twice and submitted
// once → the console shows 3 views, 2 starts, 1 submission, 1 log for that form; the chart is drawn; filters change
// the numbers; one dead letter is replayed and another deleted from the page; no console errors.
import { nanoid } from 'nanoid';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from '../../tools/browser';
import { driveForm, signIn } from '../../tools/console-demo';
import { expectLogs, pagesUrl, storedLogs, stubUrl, workerUrl } from './helpers';

const TOKEN = 'e2e-admin-token-0123456789abcdefghij'; // test/e2e/setup.ts
const admin = (path: string, init: RequestInit = {}) => fetch(`${workerUrl}/admin${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}` } });

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

/** A capture straight to the ingest route, as the page's snippet would send it. */
async function send(email: string): Promise<string> {
  const id = nanoid();
  const res = await fetch(`${workerUrl}/v1/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin: pagesUrl },
    body: JSON.stringify({ v: 1, id, page: { url: `${pagesUrl}/dead-letter` }, fields: [{ name: 'email', value: email }], ts: Date.now() }),
  });
  expect(res.status).toBe(202);
  return id;
}

/** A form's row, each cell without the change from the previous period under its figure. */
const funnelRow = async (page: Page, form: string) =>
  (await page.locator('#p-funnel tbody tr', { hasText: form }).locator('td').allInnerTexts()).map((t) => t.split('\n')[0]);

describe('the console over real data', () => {
  it('shows 3 views, 2 starts, 1 submission and 1 log for a form opened 3 times, started twice, sent once', async () => {
    // A campaign of its own: the other e2e files use the same page, and the filter isolates this run's counts.
    const campaign = `console-${nanoid(6).toLowerCase()}`;
    const email = `console.${campaign}@example.com`;
    await driveForm(browser, {
      url: `${pagesUrl}/plain?email=${encodeURIComponent(email)}&utm_source=newsletter&utm_campaign=${campaign}`,
      fill: { '#lead-name': 'Ada Lovelace' },
      submit: 'button[type=submit]',
      thanks: /\/thanks/,
    });
    expect(await expectLogs(email, 1)).toHaveLength(1);

    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await signIn(page, workerUrl, TOKEN, `?range=today&campaign=${campaign}`);
    // Counts reach D1 through a queue: re-apply the filters until the aggregate is in (a positive signal).
    await expect
      .poll(
        async () => {
          await page.click('#filters button[type=submit]');
          await page.waitForFunction(() => !document.getElementById('status')?.textContent?.startsWith('Loading'));
          return (await funnelRow(page, 'lead')).slice(3, 7);
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toEqual(['3', '2', '1', '1']);
    expect(await page.textContent('#chart-summary')).toMatch(/ 3 form views, 2 starts, \d+ abandons, 1 submissions, 1 logs delivered/);
    expect(await page.locator('#chart canvas').count()).toBeGreaterThan(0);
    // The same run in the page's funnel (form views, starts, submissions, logs), the form's drop-off (the visit that
    // left had typed in full_name last) and the last 30 minutes.
    const pageRow = (await page.locator('#p-pages tbody tr', { hasText: '/plain' }).locator('td').allInnerTexts()).map((t) => t.split('\n')[0]);
    expect(pageRow.slice(2, 6)).toEqual(['3', '2', '1', '1']);
    expect(await page.inputValue('#fields-form')).toBe('lead');
    const field = (await page.locator('#p-fields tbody tr', { hasText: 'full_name' }).locator('td').allInnerTexts()).map((t) => t.split('\n')[0]);
    expect(field).toEqual(['full_name', '1', '0']);
    expect(await page.textContent('#rt-starts')).toBe('2');

    // A filter that matches nothing changes the numbers: the form's row is gone.
    await page.fill('#f-campaign', `${campaign}-none`);
    await page.press('#f-campaign', 'Enter');
    await expect.poll(() => page.locator('#p-funnel tbody tr', { hasText: 'lead' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('replays one dead letter and deletes another from the page', async () => {
    // The stand-in refuses the next two calls with 400: both captures are dead-lettered at once (not retryable).
    await fetch(`${stubUrl}/_stub/faults`, { method: 'POST', body: JSON.stringify({ kind: 'status', status: 400, times: 2 }) });
    const tag = nanoid(6).toLowerCase();
    const [replayId, deleteId] = [await send(`replay.${tag}@example.com`), await send(`delete.${tag}@example.com`)];
    const listed = async () => ((await (await admin('/dead-letters')).json()) as { deadLetters: { captureId: string }[] }).deadLetters.map((d) => d.captureId);
    await expect.poll(listed, { timeout: 30_000 }).toEqual(expect.arrayContaining([replayId, deleteId]));

    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    await signIn(page, workerUrl, TOKEN);
    await page.click(`button[data-open="${replayId}"]`);
    await page.click('#dead-detail button:text("Replay")');
    await expect.poll(async () => (await storedLogs()).some((l) => l.idempotencyKey === `pb_${replayId}`), { timeout: 30_000 }).toBe(true);
    await page.click(`button[data-open="${deleteId}"]`);
    await page.click('#dead-detail button:text("Delete")');
    await expect.poll(async () => (await admin(`/dead-letters/${deleteId}`)).status).toBe(404);
    expect(await listed()).not.toContain(replayId);
    expect((await storedLogs()).some((l) => l.idempotencyKey === `pb_${deleteId}`)).toBe(false);
    await context.close();
  });
});
