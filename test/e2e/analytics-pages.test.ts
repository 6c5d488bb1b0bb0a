// Form analytics in Chromium on the pages marketing sites have: an autofocused field, a form inserted 5 s after
// load, a modal form, a page without a form, two tabs at once, and a site with data-analytics="off".
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBrowser } from '../../tools/browser';
import {
  ABANDON,
  COMPLETED,
  PAGE_VIEW,
  START,
  VIEW,
  expectEvents,
  fieldDropOff,
  launchChromium,
  page,
  pageFunnel,
  prefix,
  serve,
  startEdge,
  under,
} from './analytics-site';
import { POLL, pagesUrl } from './helpers';

const chromium = useBrowser(launchChromium);
let context: BrowserContext;
let edge: Awaited<ReturnType<typeof startEdge>>;
beforeAll(async () => {
  edge = await startEdge();
});
afterAll(() => edge?.close());

const FORM = (id: string, autofocus = '') =>
  `<form id="${id}" action="/api/lead" method="post"><label>Work e-mail <input name="email" type="email" ${autofocus}></label><label>Company <input name="company"></label><button>Send</button></form>`;
/** The site's own submit handler, as a form posting with fetch has: the page stays. */
const STAY = `<script>document.addEventListener('submit', function (e) { e.preventDefault(); document.body.dataset.done = '1'; });</script>`;

/** One page under a fresh path, opened in a new context. */
async function open(tag: string, html: string, path = '/page'): Promise<{ base: string; tab: Page; url: string }> {
  context = await chromium.newContext();
  const base = prefix(tag);
  await serve(context, base, { [path]: html });
  const tab = await context.newPage();
  const url = `${pagesUrl}${base}${path}`;
  await tab.goto(url);
  return { base, tab, url };
}

describe('form analytics on real pages', () => {
  it('an autofocused field: typing without a focus event starts the form', async () => {
    const { base, tab } = await open('autofocus', page('Autofocus', FORM('signup', 'autofocus') + STAY));
    await expectEvents(edge.bodies, base, [
      [`${base}/page`, '', PAGE_VIEW],
      [`${base}/page`, 'signup', VIEW],
    ]);
    // The field had the focus before the snippet listened: the keyboard types straight into it.
    expect(await tab.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('email');
    await tab.keyboard.type('ada@example.com');
    await tab.goto('about:blank');
    await expectEvents(edge.bodies, base, [
      [`${base}/page`, '', PAGE_VIEW],
      [`${base}/page`, 'signup', VIEW],
      [`${base}/page`, 'signup', START, 'email'],
      [`${base}/page`, 'signup', ABANDON, 'email'],
    ]);
    await expect.poll(() => pageFunnel(`${base}/page`), POLL).toEqual({ pageviews: 1, formViews: 1, starts: 1, submissions: 0 });
    expect(await fieldDropOff(`${base}/page`, 'signup')).toEqual([{ field: 'email', abandons: 1, returns: 0 }]);
  });

  it('a form inserted 5 s after load is viewed when it appears, with no interaction', async () => {
    const late = `<div id="slot"></div><script>setTimeout(function () { document.getElementById('slot').innerHTML = ${JSON.stringify(FORM('late'))}; }, 5000);</script>`;
    const { base, tab } = await open('late', page('Late', late));
    await expectEvents(edge.bodies, base, [[`${base}/page`, '', PAGE_VIEW]]);
    await tab.waitForSelector('#late', { timeout: 15_000 });
    await expectEvents(edge.bodies, base, [
      [`${base}/page`, '', PAGE_VIEW],
      [`${base}/page`, 'late', VIEW],
    ]);
    await expect.poll(() => pageFunnel(`${base}/page`), POLL).toEqual({ pageviews: 1, formViews: 1, starts: 0, submissions: 0 });
  });

  it('a modal form opened, closed untouched, opened again and submitted: a view each time it opens, one start, one completion', async () => {
    const modal = `<button id="open" type="button">Request a demo</button><div id="modal"></div>
<script>document.getElementById('open').addEventListener('click', function () {
  document.getElementById('modal').innerHTML = '<div role="dialog" aria-label="Demo">' + ${JSON.stringify(FORM('demo'))} + '<button id="close" type="button">Close</button></div>';
  document.getElementById('close').addEventListener('click', function () { document.getElementById('modal').innerHTML = ''; });
});</script>${STAY}`;
    const { base, tab } = await open('modal', page('Modal', modal));
    await expectEvents(edge.bodies, base, [[`${base}/page`, '', PAGE_VIEW]]);
    await tab.click('#open');
    await expectEvents(edge.bodies, base, [
      [`${base}/page`, '', PAGE_VIEW],
      [`${base}/page`, 'demo', VIEW],
    ]);
    await tab.click('#close');
    await tab.click('#open');
    await tab.getByLabel('Work e-mail').fill('ada@example.com');
    // The capture of a prevented submit goes as a plain fetch: leave once it was answered.
    const answered = tab.waitForResponse((r) => r.url().endsWith('/v1/submissions'));
    await tab.getByRole('button', { name: 'Send' }).click();
    await answered;
    await tab.goto('about:blank');
    // A new form element mounted again is the same form (same key) seen again: a second view.
    await expectEvents(edge.bodies, base, [
      [`${base}/page`, '', PAGE_VIEW],
      [`${base}/page`, 'demo', VIEW],
      [`${base}/page`, 'demo', VIEW],
      [`${base}/page`, 'demo', START, 'email'],
      [`${base}/page`, 'demo', COMPLETED, 'email'],
    ]);
    await expect.poll(() => pageFunnel(`${base}/page`), POLL).toEqual({ pageviews: 1, formViews: 2, starts: 1, submissions: 1 });
  });

  it('a page without any form: its page view', async () => {
    const { base } = await open('no-form', page('About', '<h1>About us</h1><p>No form here.</p>'));
    await expectEvents(edge.bodies, base, [[`${base}/page`, '', PAGE_VIEW]]);
    await expect.poll(() => pageFunnel(`${base}/page`), POLL).toEqual({ pageviews: 1, formViews: 0, starts: 0, submissions: 0 });
  });

  it('two tabs of one visitor: each page view its own counts, one submitted, one abandoned', async () => {
    context = await chromium.newContext();
    const base = prefix('tabs');
    await serve(context, base, { '/a': page('A', FORM('lead') + STAY), '/b': page('B', FORM('lead') + STAY) });
    const [a, b] = [await context.newPage(), await context.newPage()];
    await a.goto(`${pagesUrl}${base}/a`);
    await b.goto(`${pagesUrl}${base}/b`);
    await a.getByLabel('Work e-mail').fill('ada@example.com');
    await b.getByLabel('Company').fill('Difference Engines');
    const answered = a.waitForResponse((r) => r.url().endsWith('/v1/submissions'));
    await a.getByRole('button', { name: 'Send' }).click();
    await answered;
    await b.goto('about:blank');
    await a.goto('about:blank');
    const byTab = (path: string) =>
      under(edge.bodies, `${base}${path}`).flatMap(([, , events]) =>
        events.map(([form, kind, field]) => [form, kind, ...(field === undefined ? [] : [field])]),
      );
    await expect
      .poll(() => byTab('/b'), POLL)
      .toEqual([
        ['', PAGE_VIEW],
        ['lead', VIEW],
        ['lead', START, 'company'],
        ['lead', ABANDON, 'company'],
      ]);
    await expect
      .poll(() => byTab('/a'), POLL)
      .toEqual([
        ['', PAGE_VIEW],
        ['lead', VIEW],
        ['lead', START, 'email'],
        ['lead', COMPLETED, 'email'],
      ]);
    await expect.poll(() => pageFunnel(`${base}/a`), POLL).toEqual({ pageviews: 1, formViews: 1, starts: 1, submissions: 1 });
    await expect.poll(() => pageFunnel(`${base}/b`), POLL).toEqual({ pageviews: 1, formViews: 1, starts: 1, submissions: 0 });
    expect(await fieldDropOff(`${base}/b`, 'lead')).toEqual([{ field: 'company', abandons: 1, returns: 0 }]);
  });

  it('data-analytics="off": the submission is captured, no count is sent', async () => {
    const { base, tab } = await open('off', page('Off', FORM('lead') + STAY, 'data-analytics="off"'));
    const captured = tab.waitForRequest((r) => r.url().endsWith('/v1/submissions') && r.method() === 'POST');
    await tab.getByLabel('Work e-mail').fill('ada@example.com');
    await tab.getByRole('button', { name: 'Send' }).click();
    // The capture leaving the page is the positive signal that the snippet ran.
    await captured;
    await tab.goto('about:blank');
    // The submission counted is the positive signal that the worker has seen this page's traffic.
    await expect.poll(() => pageFunnel(`${base}/page`), POLL).toMatchObject({ pageviews: 0, submissions: 1 });
    expect(under(edge.bodies, base)).toEqual([]);
  });
});
