// The console's analytics panels in Chromium over canned answers (tools/console-fixture.ts): the funnel per page, field
// drop-off, the time chart's tooltip, deltas against the previous period, realtime refresh, "rows containing" and
// click-to-filter, the two empty states, and the key figures on a 360 px phone.
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../../tools/browser';
import { type Mock, mockAdminApi, series } from '../../tools/console-fixture';
import { signIn } from '../../tools/console-demo';
import { workerUrl } from './helpers';

const chromium = useBrowser();
let context: BrowserContext | undefined;
const TOKEN = 'mock-admin-token';

async function open(opts: { empty?: boolean; width?: number; clock?: boolean } = {}) {
  // locale: this machine's Chromium reports navigator.language "en-US@posix", which uPlot's Intl.NumberFormat rejects.
  context = await chromium.newContext({ locale: 'en-US', viewport: { width: opts.width ?? 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  if (opts.clock) await page.clock.install();
  const mock = await mockAdminApi(page, { token: TOKEN, empty: opts.empty });
  return { page, errors, mock };
}

const calls = (mock: Mock, path: string) => mock.requests.filter((r) => r.path === path);
const isoDay = (back: number) => new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);
/** Each cell of a row: [its figure, the visible change] (the change's sentence for screen readers left out). */
const row = async (page: Page, panel: string, text: string) =>
  page
    .locator(`#${panel} tbody tr`, { hasText: text })
    .locator('td')
    .evaluateAll((tds) => tds.map((td) => [td.firstChild?.textContent ?? '', td.querySelector('.delta [aria-hidden]')?.textContent ?? '']));
const cards = (page: Page, panel: string) =>
  page
    .locator(`#${panel} .card`)
    .evaluateAll((cs) =>
      cs.map((c) => [
        c.querySelector('dt')!.textContent,
        c.querySelector('dd')!.firstChild!.textContent,
        c.querySelector('.delta [aria-hidden]')?.textContent ?? '',
      ]),
    );

describe('the console panels', () => {
  it('shows the funnel per page from page view to log, conversion per page view, and changes from the period before', async () => {
    const { page, errors } = await open();
    await signIn(page, workerUrl, TOKEN);
    await page.waitForSelector('#p-pages table');
    expect(await row(page, 'p-pages', '/demo')).toEqual([
      ['/demo', ''],
      ['4,000', '▲ +25%'],
      ['1,240', '▲ +24%'],
      ['312', '▲ +24.8%'],
      ['87', '▲ +8.8%'],
      ['85', '▲ +6.3%'],
      ['2.2%', '▼ −0.3 pp'],
      ['https://www.acme.test', ''],
    ]);
    // Unchanged, and absent from the period before.
    expect((await row(page, 'p-pages', '/pricing')).slice(1, 3)).toEqual([
      ['2,050', '±0%'],
      ['410', '±0%'],
    ]);
    expect((await row(page, 'p-pages', '/posts/launch'))[1]).toEqual(['3,920', '▲ new']);
    // A page without a form: page views, no form views, conversion 0 %.
    expect((await row(page, 'p-pages', 'https://www.acme.test')).map((c) => c[0])[0]).toBe('/');
    expect(await page.locator('#p-pages tbody tr', { hasText: '6,000' }).locator('.delta .sr-only').first().textContent()).toBe(
      ' (up 20% from 5,000 in the previous period)',
    );
    expect(await page.textContent('#compare-note')).toBe(`Changes are against ${isoDay(13)} to ${isoDay(7)}, the days before.`);
    // The key figures: totals of the range with their changes (the fixture's period before is 80 % of this one).
    expect(await cards(page, 'p-figures')).toEqual([
      ['Page views', '6,120', '▲ +25%'],
      ['Form views', '2,040', '▲ +25%'],
      ['Starts', '511', '▲ +24.9%'],
      ['Abandons', '342', '▲ +25.3%'],
      ['Submissions', '128', '▲ +25.5%'],
      ['Logs delivered', '120', '▲ +25%'],
      ['Conversion (submissions ÷ page views)', '2.1%', '±0 pp'],
    ]);
    // The page table as CSV: the raw numbers, the rows shown.
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('button[data-csv=pages]')]);
    const lines = (await readFile((await file.path())!, 'utf8')).split('\r\n');
    expect(lines.slice(0, 3)).toEqual([
      'Page,Page views,Form views,Starts,Submissions,Logs delivered,Conversion,Site',
      '/,6000,0,0,0,0,0,https://www.acme.test',
      `/demo,4000,1240,312,87,85,${87 / 4000},https://www.acme.test`,
    ]);
    // Delivery health too.
    const health = await page
      .locator('#p-health .stats > div')
      .evaluateAll((ds) =>
        ds.map((d) => [
          d.querySelector('dt')!.textContent,
          d.querySelector('dd')!.firstChild!.textContent,
          d.querySelector('.delta [aria-hidden]')?.textContent ?? '',
        ]),
      );
    expect(health).toEqual([
      ['Delivered', '154', '▲ +28.3%'],
      ['Retrying', '2', '±0%'],
      ['Dead-lettered', '2', '▲ new'],
      ['Dropped', '21', '▲ +110%'],
      ['Submit → log p50', '420 ms', '▼ −16%'],
      ['Submit → log p95', '2.3 s', '±0%'],
    ]);
    expect(errors).toEqual([]);
  });

  it('shows where visitors of a form stopped and came back, and its time to complete as p50, p90 and bars', async () => {
    const { page, mock } = await open();
    await signIn(page, workerUrl, TOKEN);
    await page.waitForSelector('#p-fields table');
    // The most started form is shown first.
    expect(await page.inputValue('#fields-form')).toBe('book-demo');
    expect(await row(page, 'p-fields', 'phone')).toEqual([
      ['phone', ''],
      ['120', '▲ +20%'],
      ['40', '±0%'],
    ]);
    expect(await row(page, 'p-fields', 'email')).toEqual([
      ['email', ''],
      ['31', '▲ new'],
      ['20', '▲ new'],
    ]);
    expect(await cards(page, 'p-fields')).toEqual([
      ['Median (p50)', '60.0 s', '▼ −50%'],
      ['p90', '300.0 s', '±0%'],
    ]);
    // Bar lengths relative to the longest one, in percent.
    const bins = await page.locator('#p-fields table.bins tbody tr').evaluateAll((trs) => {
      const width = (tr: Element) => tr.querySelector('.bar')!.getBoundingClientRect().width;
      const max = Math.max(...trs.map(width));
      return trs.map((tr) => [tr.children[0]!.textContent, tr.children[1]!.textContent, Math.round((width(tr) / max) * 100)]);
    });
    expect(bins).toEqual([
      ['≤ 10.0 s', '3', 9],
      ['≤ 30.0 s', '20', 57],
      ['≤ 60.0 s', '35', 100],
      ['≤ 120.0 s', '18', 51],
      ['≤ 300.0 s', '9', 26],
      ['> 300.0 s', '2', 6],
    ]);
    const fieldCalls = calls(mock, '/api/fields').map((r) => Object.fromEntries(r.query));
    expect(fieldCalls).toEqual([
      { from: isoDay(6), to: isoDay(0), form: 'book-demo' },
      { from: isoDay(13), to: isoDay(7), form: 'book-demo' },
    ]);
    // Another form, picked from the keyboard.
    await page.focus('#fields-form');
    await page.selectOption('#fields-form', 'contact-sales');
    await expect.poll(async () => (await row(page, 'p-fields', 'company'))[1]).toEqual(['30', '▲ new']);
    expect(calls(mock, '/api/fields').at(-2)!.query.get('form')).toBe('contact-sales');
  });

  it('charts starts and abandons beside views and logs, with a tooltip naming each value of the bucket under the cursor', async () => {
    const { page } = await open();
    await signIn(page, workerUrl, TOKEN);
    await page.waitForSelector('#chart .u-over');
    const legend = await page.locator('#chart .u-legend .u-series .u-label').allTextContents();
    expect(legend).toEqual(['Day (UTC)', 'Page views', 'Form views', 'Starts', 'Abandons', 'Submissions', 'Logs delivered']);
    const over = page.locator('#chart .u-over');
    await over.scrollIntoViewIfNeeded();
    const box = (await over.boundingBox())!;
    // Seven points spread over the width: the fourth is in the middle.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const p = series('day').points[3]!;
    await expect.poll(() => page.locator('#chart .u-tip').isVisible()).toBe(true);
    expect(await page.locator('#chart .u-tip > *').allTextContents()).toEqual([
      `${p.t.slice(0, 10)} (UTC)`,
      `Page views: ${p.pageviews.toLocaleString('en-US')}`,
      `Form views: ${p.views}`,
      `Starts: ${p.starts}`,
      `Abandons: ${p.abandons}`,
      `Submissions: ${p.submissions}`,
      `Logs delivered: ${p.delivered}`,
    ]);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height + 80);
    await expect.poll(() => page.locator('#chart .u-tip').isVisible()).toBe(false);
    // From the keyboard: the chart takes focus, the arrow keys step through the buckets.
    await page.focus('#chart .uplot');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    const third = series('day').points[2]!;
    await expect.poll(() => page.locator('#chart .u-tip > *').first().textContent()).toBe(`${third.t.slice(0, 10)} (UTC)`);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.locator('#chart .u-tip > *').nth(3).textContent()).toBe(`Starts: ${series('day').points[1]!.starts}`);
  });

  it('refreshes the realtime figures every 30 s while the tab is visible, and keeps no timer while it is hidden', async () => {
    const { page, mock } = await open({ clock: true });
    await signIn(page, workerUrl, TOKEN);
    // The fixture's last-30-minutes page views are 40 + the call's number.
    await expect.poll(() => page.textContent('#rt-pageviews')).toBe('41');
    expect(await page.textContent('#p-realtime')).toContain('Starts, last 30 min');
    // Each figure with its change from the 30 minutes before (the fixture's 32 page views and 8 starts), in words too.
    expect(await page.textContent('#p-realtime .card:nth-child(1) .delta')).toBe('▲ +28.1% (up 28.1% from 32 in the previous period)');
    expect(await page.textContent('#p-realtime .card:nth-child(2) .delta')).toBe('±0% (no change from 8 in the previous period)');
    await page.clock.fastForward(30_000);
    await expect.poll(() => page.textContent('#rt-pageviews')).toBe('42');
    expect(calls(mock, '/api/realtime')).toHaveLength(2);
    const setHidden = (hidden: boolean) =>
      page.evaluate((h) => {
        Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await setHidden(true);
    await page.clock.fastForward(120_000);
    // Back in view: one fetch at once (the positive signal), and none was made while hidden.
    await setHidden(false);
    await expect.poll(() => page.textContent('#rt-pageviews')).toBe('43');
    expect(calls(mock, '/api/realtime')).toHaveLength(3);
    await page.clock.fastForward(30_000);
    await expect.poll(() => calls(mock, '/api/realtime').length).toBe(4);
  });

  it('narrows the tables to rows containing a text without asking the worker, and filters to a row on a click or Enter', async () => {
    const { page, mock } = await open();
    await signIn(page, workerUrl, TOKEN);
    await page.fill('#f-q', 'PRICING');
    await page.press('#f-q', 'Enter');
    await expect.poll(() => new URL(page.url()).search).toBe('?q=PRICING');
    // Each panel draws when its own answer is in: the funnel may come after the pages table.
    await expect.poll(() => page.locator('#p-pages tbody tr').count()).toBe(1);
    await expect.poll(() => page.locator('#p-funnel tbody tr').allInnerTexts()).toEqual([expect.stringContaining('contact-sales')]);
    expect(mock.requests.every((r) => !r.query.has('q'))).toBe(true);
    expect(await page.isVisible('#no-match')).toBe(false);
    // A click on the row: the page's site and path become the filters, in the URL and in every call.
    await page.locator('#p-pages tbody tr', { hasText: '/pricing' }).locator('td').nth(1).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('page')).toBe('/pricing');
    expect(new URL(page.url()).searchParams.get('site')).toBe('https://www.acme.test');
    expect(await page.inputValue('#f-page')).toBe('/pricing');
    await expect.poll(() => calls(mock, '/api/forms').at(-1)?.query.get('page')).toBe('/pricing');
    // From the keyboard: the form's button in its row.
    await page.fill('#f-q', '');
    await page.press('#f-q', 'Enter');
    await page.locator('#p-funnel button[aria-label="Filter by form book-demo"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('form')).toBe('book-demo');
    expect(new URL(page.url()).searchParams.get('page')).toBe('/demo');
    // UTM tags are breakdowns, not API filters: their rows are not buttons.
    await page.selectOption('#f-by', 'utm_medium');
    await expect.poll(() => page.locator('#p-breakdown th').first().textContent()).toBe('UTM medium');
    expect(await page.locator('#p-breakdown tbody td:first-child').allTextContents()).toEqual(['email', 'social']);
    expect(await page.locator('#p-breakdown tbody button').count()).toBe(0);
    expect(calls(mock, '/api/breakdown').at(-1)!.query.get('by')).toBe('utm_medium');
    await page.goBack();
    // Back undoes the row filter.
    await page.goBack();
    await expect.poll(() => page.inputValue('#f-form')).toBe('');
  });

  it('tells "your filters match nothing" apart from "nothing counted yet"', async () => {
    const empty = await open({ empty: true });
    await signIn(empty.page, workerUrl, TOKEN, '?form=ghost');
    await expect.poll(() => empty.page.isVisible('#no-match')).toBe(true);
    expect(await empty.page.isVisible('#empty')).toBe(false);
    await empty.page.click('#no-match-clear');
    await expect.poll(() => empty.page.isVisible('#empty')).toBe(true);
    expect(await empty.page.isVisible('#no-match')).toBe(false);
    expect(new URL(empty.page.url()).search).toBe('');
    await context!.close();

    // Rows counted, all hidden by "rows containing": the filters again, never "nothing counted".
    const full = await open();
    await signIn(full.page, workerUrl, TOKEN, '?q=zzz');
    await expect.poll(() => full.page.isVisible('#no-match')).toBe(true);
    expect(await full.page.isVisible('#empty')).toBe(false);
    expect(await full.page.textContent('#p-pages .body')).toBe('No row contains “zzz”.');
  });

  it('keeps the key figures readable on a 360 px phone, and the page column in view as a table scrolls', async () => {
    const { page, errors } = await open({ width: 360 });
    await signIn(page, workerUrl, TOKEN);
    await page.waitForSelector('#p-figures .card');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const boxes = await page.locator('#p-figures .card, #p-realtime .card').evaluateAll((cs) =>
      cs.map((c) => {
        const r = c.getBoundingClientRect();
        const dd = c.querySelector('dd')!;
        return { left: r.left, right: r.right, fits: dd.scrollWidth <= dd.clientWidth, size: Number.parseFloat(getComputedStyle(dd).fontSize) };
      }),
    );
    expect(boxes).toHaveLength(9);
    for (const b of boxes) expect(b.left >= 0 && b.right <= 360 && b.fits && b.size >= 16, JSON.stringify(b)).toBe(true);
    // Two cards to a row.
    expect(new Set(boxes.slice(0, 7).map((b) => Math.round(b.left))).size).toBe(2);
    const wrap = page.locator('#p-pages .table-wrap');
    await wrap.evaluate((w) => w.scrollBy(400, 0));
    const [wrapLeft, cellLeft] = await wrap.evaluate((w) => [w.getBoundingClientRect().left, w.querySelector('tbody td')!.getBoundingClientRect().left]);
    expect(Math.abs(cellLeft! - wrapLeft!)).toBeLessThan(1);
    expect(errors).toEqual([]);
  });
});
