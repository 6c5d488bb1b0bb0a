// Form analytics in Chromium on a single-page app built from React Router, and across the back/forward cache (on,
// as in a visitor's Chromium): what each page view sent, filed under the URL where it happened.
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBrowser } from '../../tools/browser';
import {
  ABANDON,
  bfcacheContact,
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
  routerApp,
  serve,
  startEdge,
  under,
} from './analytics-site';
import { POLL, expectLogs, pagesUrl, uniqueEmail } from './helpers';

const chromium = useBrowser(launchChromium);
let context: BrowserContext;
let app: string;
let edge: Awaited<ReturnType<typeof startEdge>>;
beforeAll(async () => {
  edge = await startEdge();
  app = await routerApp();
});
afterAll(() => edge?.close());

/** The React Router app under a fresh path: every route answers with the app's page. */
async function routerSite(tag: string) {
  context = await chromium.newContext();
  const base = prefix(tag);
  await serve(context, base, { '/app.js': app, '/': page('Router', `<div id="app"></div><script type="module" src="${base}/app.js"></script>`) }, '/');
  return { base, bodies: edge.bodies };
}

describe('a React Router app', () => {
  it('a visitor who lands on a page without a form, follows a link to the contact route and submits: each route its page view, the form filed under /contact', async () => {
    const { base, bodies } = await routerSite('rr-submit');
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(String(e)));
    await tab.goto(`${pagesUrl}${base}/?utm_source=newsletter`);
    await expectEvents(bodies, base, [[`${base}/`, '', PAGE_VIEW]]);
    await tab.getByRole('link', { name: 'Contact' }).click();
    await tab.getByLabel('Work e-mail').fill('ada@example.com');
    await tab.getByLabel('Company').fill('Analytical Engines');
    await tab.getByRole('button', { name: 'Talk to sales' }).click();
    await tab.waitForSelector('.done');
    // Every event is sent while the visitor is still on /thanks (the route change ends /contact's page view, and the
    // new route's view goes once the router has rendered it), not left to the beacon of the page being left.
    const events = [
      [`${base}/`, '', PAGE_VIEW],
      [`${base}/contact`, '', PAGE_VIEW],
      [`${base}/contact`, 'contact', VIEW],
      [`${base}/contact`, 'contact', START, 'email'],
      [`${base}/contact`, 'contact', COMPLETED, 'company'],
      [`${base}/thanks`, '', PAGE_VIEW],
    ];
    await expectEvents(bodies, base, events);
    await tab.goto('about:blank');
    // Leaving sends no abandon for the completed form (the funnel below is read after it).
    await expectEvents(bodies, base, events);
    // Only the landing page view carries a referrer; none carries a typed value.
    expect(under(bodies, base).map(([, referrer]) => referrer)).toEqual(under(bodies, base).map(() => ''));
    expect(JSON.stringify(under(bodies, base))).not.toMatch(/ada@example|Analytical/);
    expect(errors).toEqual([]);
    // What the console shows: each route its page view, the form's funnel on /contact with the capture's submission.
    await expect.poll(() => pageFunnel(`${base}/contact`), POLL).toEqual({ pageviews: 1, formViews: 1, starts: 1, submissions: 1 });
    expect(await pageFunnel(`${base}/`)).toEqual({ pageviews: 1, formViews: 0, starts: 0, submissions: 0 });
    expect(await pageFunnel(`${base}/thanks`)).toEqual({ pageviews: 1, formViews: 0, starts: 0, submissions: 0 });
  });

  it('a visitor who starts the contact form and leaves it for another route: an abandon of /contact naming the last field', async () => {
    const { base, bodies } = await routerSite('rr-leave');
    const tab = await context.newPage();
    await tab.goto(`${pagesUrl}${base}/contact`);
    await expectEvents(bodies, base, [
      [`${base}/contact`, '', PAGE_VIEW],
      [`${base}/contact`, 'contact', VIEW],
    ]);
    await tab.getByLabel('Company').fill('Difference Engines');
    await tab.getByRole('link', { name: 'Home' }).click();
    await tab.getByRole('heading', { name: 'Welcome' }).waitFor();
    await expectEvents(bodies, base, [
      [`${base}/contact`, '', PAGE_VIEW],
      [`${base}/contact`, 'contact', VIEW],
      [`${base}/contact`, 'contact', START, 'company'],
      [`${base}/contact`, 'contact', ABANDON, 'company'],
      [base, '', PAGE_VIEW],
    ]);
    await expect.poll(() => fieldDropOff(`${base}/contact`, 'contact'), POLL).toEqual([{ field: 'company', abandons: 1, returns: 0 }]);
    expect(await pageFunnel(`${base}/contact`)).toEqual({ pageviews: 1, formViews: 1, starts: 1, submissions: 0 });
  });
});

describe('the back/forward cache', () => {
  it('a visitor who starts, leaves, comes back (restored, event.persisted true) and submits: an abandon for the first page view, view, start and completion for the restored one', async () => {
    context = await chromium.newContext();
    const base = prefix('bfcache');
    const bodies = edge.bodies;
    await serve(context, base, {
      '/contact': bfcacheContact(),
      '/elsewhere': page('Elsewhere', '<p>Another page</p>'),
    });
    const tab = await context.newPage();
    await tab.goto(`${pagesUrl}${base}/contact`);
    await expectEvents(bodies, base, [
      [`${base}/contact`, '', PAGE_VIEW],
      [`${base}/contact`, 'contact', VIEW],
    ]);
    const email = uniqueEmail('bfcache');
    await tab.getByLabel('E-mail').fill(email);
    await tab.goto(`${pagesUrl}${base}/elsewhere`);
    // The visitor reads the other page a moment (its page view sent once it is idle) before going back.
    await expectEvents(bodies, base, [
      [`${base}/contact`, '', PAGE_VIEW],
      [`${base}/contact`, 'contact', VIEW],
      [`${base}/contact`, 'contact', START, 'email'],
      [`${base}/contact`, 'contact', ABANDON, 'email'],
      [`${base}/elsewhere`, '', PAGE_VIEW],
    ]);
    // A restore fires no load event: wait for the commit, then for the page's own pageshow record.
    await tab.goBack({ waitUntil: 'commit' });
    await expect.poll(() => tab.evaluate(() => (window as unknown as { restored: boolean[] }).restored)).toEqual([false, true]);
    await tab.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => tab.evaluate(() => document.body.dataset.done)).toBe('1');
    await tab.goto('about:blank');
    await expectEvents(bodies, base, [
      [`${base}/contact`, '', PAGE_VIEW],
      [`${base}/contact`, 'contact', VIEW],
      [`${base}/contact`, 'contact', START, 'email'],
      [`${base}/contact`, 'contact', ABANDON, 'email'],
      [`${base}/elsewhere`, '', PAGE_VIEW],
      [`${base}/contact`, '', PAGE_VIEW],
      [`${base}/contact`, 'contact', VIEW],
      [`${base}/contact`, 'contact', START, 'submit'],
      [`${base}/contact`, 'contact', COMPLETED, 'submit'],
    ]);
    // The submission is counted when its lead settles and is logged: that log first, then the funnel.
    expect(await expectLogs(email, 1)).toHaveLength(1);
    // 2 views, 2 starts, 1 submission and 1 abandon: 50 % conversion and 50 % abandonment, not 100 % of each.
    await expect.poll(() => pageFunnel(`${base}/contact`), POLL).toEqual({ pageviews: 2, formViews: 2, starts: 2, submissions: 1 });
    expect(await fieldDropOff(`${base}/contact`, 'contact')).toEqual([{ field: 'email', abandons: 1, returns: 0 }]);
  });
});
