// Form analytics end to end: the real snippet in Chromium counts views, starts and an abandon, the capture path
// counts the submission and its delivery, and the admin API over D1 answers with the funnel.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../../tools/browser';
import { pagesUrl, uniqueEmail, workerUrl } from './helpers';

const chromium = useBrowser();
/** The stack's admin token, read from the global setup that sets it, so the two never drift apart. */
const ADMIN_TOKEN = /ADMIN_TOKEN: '([^']+)'/.exec(readFileSync(new URL('./setup.ts', import.meta.url), 'utf8'))![1]!;
type Row = { form: string; views: number; starts: number; submissions: number; delivered: number; abandons: number; topAbandonField: string | null };

async function funnel(campaign: string): Promise<Row | undefined> {
  const day = new Date().toISOString().slice(0, 10);
  const res = await fetch(`${workerUrl}/admin/api/forms?from=${day}&to=${day}&campaign=${campaign}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return ((await res.json()) as { rows: Row[] }).rows.find((r) => r.form === 'lead');
}

describe('form analytics in a real browser', () => {
  it('three views, two starts, one submission delivered, one abandon naming the last field', async () => {
    const campaign = `e2e-${Date.now().toString(36)}`;
    const email = uniqueEmail('analytics');
    const visit = async (act: 'abandon' | 'submit' | 'view') => {
      const page = await chromium.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      // The view beacon leaves once the page is idle; waiting for its request is the positive signal.
      const viewed = page.waitForRequest((r) => r.url().endsWith('/v1/events'));
      await page.goto(`${pagesUrl}/spa?email=${encodeURIComponent(email)}&utm_campaign=${campaign}`);
      await viewed;
      if (act !== 'view') await page.focus('[name=phone]');
      if (act === 'submit') {
        await page.click('button[type=submit]');
        await page.waitForFunction(() => document.body.dataset.done === '1');
      }
      // Leaving fires pagehide: starts and abandons go in one more beacon (the API poll below waits for it).
      await page.goto('about:blank');
      await page.close();
      expect(errors).toEqual([]);
    };
    await visit('abandon');
    await visit('submit');
    await visit('view');
    await expect
      .poll(() => funnel(campaign), { timeout: 20_000, interval: 500 })
      .toMatchObject({ views: 3, starts: 2, submissions: 1, delivered: 1, abandons: 1, topAbandonField: 'phone' });
  });
});
