// The operator console (GET /admin, served by the worker) in Chromium, over canned /admin/api answers
// (tools/console-fixture.ts): sign-in, numbers, chart, filters in the URL, CSV, dead-letter actions, keyboard, phone.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../../tools/browser';
import { type Mock, mockAdminApi } from '../../tools/console-fixture';
import { signIn } from '../../tools/console-demo';
import { workerUrl } from './helpers';

const chromium = useBrowser();
const TOKEN = 'mock-admin-token';

/** A console page over the mock; `errors` collects page errors and console errors (CSP violations land there). */
async function openConsole(opts: { empty?: boolean; width?: number; delayMs?: (url: URL) => number; deadLetterPage?: number } = {}) {
  // locale: this machine's Chromium reports navigator.language "en-US@posix", which uPlot's Intl.NumberFormat rejects.
  const context = await chromium.newContext({ locale: 'en-US', acceptDownloads: true });
  const page = await context.newPage();
  if (opts.width) await page.setViewportSize({ width: opts.width, height: 800 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const mock = await mockAdminApi(page, { token: TOKEN, ...opts });
  return { page, errors, mock };
}

const calls = (mock: Mock, path: string, method = 'GET') => mock.requests.filter((r) => r.path === path && r.method === method);
/** The calls for the range shown (the others ask for the previous period, for the deltas). */
const shownCalls = (mock: Mock, path: string) => calls(mock, path).filter((r) => r.query.get('to') === isoDay(0));
/** A row's cells, each without the change from the previous period under its figure. */
const cells = async (page: Page, form: string) =>
  (await page.locator('#p-funnel tr', { hasText: form }).locator('td').allInnerTexts()).map((t) => t.split('\n')[0]);
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const isoDay = (back: number) => new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);

describe('the console', () => {
  it('is served without a token, with a CSP that allows only this worker, and its assets', async () => {
    const res = await fetch(`${workerUrl}/admin`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/<script>|<style|style=/);
    expect((await fetch(`${workerUrl}/admin/console.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect(await (await fetch(`${workerUrl}/admin/console.css`)).text()).toContain('.uplot');
    // The data routes keep their Bearer check.
    expect((await fetch(`${workerUrl}/admin/dead-letters`)).status).toBe(401);
  });

  it('signs in from the keyboard and shows the funnel per form, sending the token as Bearer', async () => {
    const { page, errors, mock } = await openConsole();
    await page.goto(`${workerUrl}/admin`);
    await expect.poll(() => focusedId(page)).toBe('token'); // focus starts in the sign-in field
    await page.keyboard.type(TOKEN);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#p-funnel table');
    expect(await cells(page, 'book-demo')).toEqual([
      'https://www.acme.test',
      '/demo',
      'book-demo',
      '1,240',
      '312',
      '87',
      '85',
      '25.2%',
      '7.0%',
      '64.4%',
      'phone',
    ]);
    const forms = calls(mock, '/api/forms');
    expect(forms[0]).toMatchObject({ auth: `Bearer ${TOKEN}` });
    expect(forms.map((f) => Object.fromEntries(f.query))).toEqual([
      { from: isoDay(6), to: isoDay(0) },
      { from: isoDay(13), to: isoDay(7) },
    ]);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([TOKEN]);
    // Focus leaves the hidden sign-in for the content (not the void), then Tab reaches the filters, focus ring visible.
    expect(await focusedId(page)).toBe('main');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('f-range');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineWidth)).toBe('3px');
    expect(errors).toEqual([]);
  });

  it('goes back to sign-in with a message when the token is refused', async () => {
    const { page } = await openConsole();
    await page.goto(`${workerUrl}/admin`);
    await page.fill('#token', 'wrong-token');
    await page.click('#signin-form button[type=submit]');
    await expect.poll(() => page.textContent('#signin-error')).toContain('401');
    expect(await page.isVisible('#app')).toBe(false);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('draws the time chart on a uPlot canvas, with its totals as text', async () => {
    const { page, errors } = await openConsole();
    await signIn(page, workerUrl, TOKEN);
    await page.waitForSelector('#chart .uplot canvas');
    // Pixels of the three series' colours were drawn (an empty chart has grid and axes only).
    const drawn = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('#chart canvas')!;
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let blue = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i]! < 60 && px[i + 1]! > 70 && px[i + 1]! < 120 && px[i + 2]! > 160) blue++;
      return blue;
    });
    expect(drawn).toBeGreaterThan(100);
    expect(await page.textContent('#chart-summary')).toBe(
      '7 day buckets: 6,120 page views, 2,040 form views, 511 starts, 342 abandons, 128 submissions, 120 logs delivered.',
    );
    expect(errors).toEqual([]);
  });

  it('puts filters in the URL, sends them to every panel, and restores them on load', async () => {
    const { page, mock } = await openConsole();
    await signIn(page, workerUrl, TOKEN);
    await page.selectOption('#f-range', 'today');
    await page.fill('#f-form', 'book-demo');
    await page.fill('#f-source', 'newsletter');
    const before = mock.requests.length;
    await page.press('#f-source', 'Enter');
    await expect.poll(() => new URL(page.url()).search).toBe('?range=today&form=book-demo&source=newsletter');
    // Each panel's own request, waited for one by one: the panels ask in no fixed order, so a count of requests made
    // since the Enter can be reached before a slow panel has asked.
    for (const path of ['/api/forms', '/api/pages', '/api/series', '/api/breakdown', '/api/health', '/api/sites']) {
      await expect
        .poll(() => Object.fromEntries(shownCalls(mock, path).at(-1)?.query ?? []), { message: path })
        .toMatchObject({ from: isoDay(0), to: isoDay(0), form: 'book-demo', source: 'newsletter' });
    }
    expect(mock.requests.length - before).toBeGreaterThanOrEqual(6);
    expect(shownCalls(mock, '/api/series').at(-1)!.query.get('bucket')).toBe('hour');
    // The previous period of a one-day range is the day before, with the same filters.
    expect(Object.fromEntries(calls(mock, '/api/forms').at(-1)!.query)).toMatchObject({
      from: isoDay(1),
      to: isoDay(1),
      form: 'book-demo',
      source: 'newsletter',
    });
    expect(Object.fromEntries(calls(mock, '/api/realtime').at(-1)!.query)).toEqual({ form: 'book-demo', source: 'newsletter' });
    await page.selectOption('#f-by', 'country');
    await expect.poll(() => calls(mock, '/api/breakdown').at(-1)!.query.get('by')).toBe('country');
    expect(page.url()).toContain('by=country');
    // A shared link: a fresh load restores every field and asks for the same things.
    await page.reload();
    await page.waitForSelector('#p-funnel table');
    expect(await page.inputValue('#f-form')).toBe('book-demo');
    expect(await page.inputValue('#f-range')).toBe('today');
    expect(await page.inputValue('#f-by')).toBe('country');
    expect(shownCalls(mock, '/api/forms').at(-1)!.query.get('source')).toBe('newsletter');
    // Back undoes the last change: the form and the panels follow the URL.
    await page.goBack();
    await expect.poll(() => page.inputValue('#f-by')).toBe('page');
    await expect.poll(() => calls(mock, '/api/breakdown').at(-1)!.query.get('by')).toBe('page');
  });

  it('draws the answer to the latest filters, not a slower answer to earlier ones', async () => {
    const slow = (url: URL) => (url.pathname.endsWith('/api/forms') && url.searchParams.get('form') === 'book-demo' ? 1_500 : 0);
    const { page, mock } = await openConsole({ delayMs: slow });
    await signIn(page, workerUrl, TOKEN);
    await page.fill('#f-form', 'book-demo');
    await page.press('#f-form', 'Enter');
    await page.fill('#f-form', 'newsletter');
    await page.press('#f-form', 'Enter');
    // Every request made so far has been answered, the slow one last.
    // Three loads, each asking for the range and the previous period.
    await expect.poll(() => mock.answered === mock.requests.length && calls(mock, '/api/forms').length === 6, { timeout: 10_000 }).toBe(true);
    expect(await page.locator('#p-funnel tbody tr').allInnerTexts()).toEqual([expect.stringContaining('newsletter')]);
  });

  it('exports the funnel table as CSV with the raw numbers', async () => {
    const { page } = await openConsole();
    await signIn(page, workerUrl, TOKEN);
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('button[data-csv=funnel]')]);
    expect(file.suggestedFilename()).toBe(`funnel-${isoDay(6)}_${isoDay(0)}.csv`);
    const lines = (await readFile((await file.path())!, 'utf8')).split('\r\n');
    expect(lines[0]).toBe('Site,Page,Form,Views,Starts,Submissions,Logs delivered,Start rate,Conversion,Abandon rate,Top abandon field');
    expect(lines[1]).toBe(`https://www.acme.test,/demo,book-demo,1240,312,87,85,${312 / 1240},${87 / 1240},${201 / 312},phone`);
    expect(lines).toHaveLength(5); // header, three rows, final CRLF
  });

  it('opens a dead letter with its job, replays one and deletes another through their routes', async () => {
    const { page, mock, errors } = await openConsole();
    page.on('dialog', (d) => void d.accept());
    await signIn(page, workerUrl, TOKEN);
    await page.click('button[data-open=cap_new_0002]');
    await expect.poll(() => page.textContent('#dead-detail')).toContain('idem-cap_new_0002');
    await page.click('#dead-detail button:text("Replay")');
    await expect.poll(() => calls(mock, '/dead-letters/cap_new_0002/replay', 'POST')).toHaveLength(1);
    await expect.poll(() => page.textContent('#status')).toContain('cap_new_0002 replayed');
    expect(await page.locator('button[data-open=cap_new_0002]').count()).toBe(0);
    await page.click('button[data-open=cap_old_0001]');
    await page.click('#dead-detail button:text("Delete")');
    await expect.poll(() => calls(mock, '/dead-letters/cap_old_0001', 'DELETE')).toHaveLength(1);
    await expect.poll(() => page.textContent('#p-dead')).toContain('No dead letters');
    expect(errors).toEqual([]);
  });

  it('follows the list cursor, so dead letters past the first page are listed too', async () => {
    const { page, mock } = await openConsole({ deadLetterPage: 1 });
    await signIn(page, workerUrl, TOKEN);
    expect(await page.locator('button[data-open]').count()).toBe(2);
    expect(calls(mock, '/dead-letters').map((r) => r.query.get('cursor'))).toEqual([null, '1']);
  });

  it('says what to do when nothing was counted yet', async () => {
    const { page } = await openConsole({ empty: true });
    await signIn(page, workerUrl, TOKEN);
    await expect.poll(() => page.isVisible('#empty')).toBe(true);
    expect(await page.isVisible('#no-match')).toBe(false);
    const text = await page.textContent('#empty');
    expect(text).toContain(`<script defer src="${workerUrl}/s.js"></script>`);
    expect(text).toContain('ALLOWED_ORIGINS');
  });

  it('fits a 360 px phone screen without sideways scrolling of the page', async () => {
    const { page, errors } = await openConsole({ width: 360 });
    await signIn(page, workerUrl, TOKEN);
    await page.waitForSelector('#chart canvas');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(errors).toEqual([]);
  });
});
