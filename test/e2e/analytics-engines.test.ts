// The core form analytics scenarios in Firefox ESR and WebKitGTK as in Chromium: a React Router app whose form is
// mounted by a route change, and a visitor who comes back to a form through the back/forward cache. The pages are
// served by the network edge (startEdge), which also records what reached it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type Engine, launchEngine } from '../../tools/browser';
import { ABANDON, bfcacheContact, COMPLETED, PAGE_VIEW, START, VIEW, expectEvents, page, pageFunnel, prefix, routerApp, startEdge } from './analytics-site';
import { POLL } from './helpers';

let edge: Awaited<ReturnType<typeof startEdge>>;
let app: string;
beforeAll(async () => {
  edge = await startEdge();
  app = await routerApp();
});
afterAll(() => edge?.close());

describe.each(ENGINES.filter((e) => e !== 'chromium'))('%s', (name) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await launchEngine(name);
  }, 120_000);
  afterAll(() => engine?.close());

  it('a React Router app: the landing route, then the contact route mounting its form, started and submitted there', async () => {
    const base = prefix(`${name}-rr`);
    edge.pages.set(`${base}/app.js`, app);
    edge.pages.set(`${base}/*`, page('Router', `<div id="app"></div><script type="module" src="${base}/app.js"></script>`));
    const tab = await engine.newTab();
    await tab.goto(`${edge.origin}${base}/`);
    await expectEvents(edge.bodies, base, [[`${base}/`, '', PAGE_VIEW]]);
    await tab.click('nav a[href$="/contact"]');
    await expectEvents(edge.bodies, base, [
      [`${base}/`, '', PAGE_VIEW],
      [`${base}/contact`, '', PAGE_VIEW],
      [`${base}/contact`, 'contact', VIEW],
    ]);
    await tab.fill('[name=email]', 'ada@example.com');
    await tab.click('button[type=submit]');
    await expect.poll(() => tab.evaluate(() => !!document.querySelector('.done')), POLL).toBe(true);
    await tab.goto(`${edge.origin}${base}/`);
    await expectEvents(edge.bodies, base, [
      [`${base}/`, '', PAGE_VIEW],
      [`${base}/contact`, '', PAGE_VIEW],
      [`${base}/contact`, 'contact', VIEW],
      [`${base}/contact`, 'contact', START, 'email'],
      [`${base}/contact`, 'contact', COMPLETED, 'email'],
      [`${base}/thanks`, '', PAGE_VIEW],
      [`${base}/`, '', PAGE_VIEW],
    ]);
    await expect.poll(() => pageFunnel(`${base}/contact`), POLL).toMatchObject({ pageviews: 1, formViews: 1, starts: 1 });
    await tab.close();
  });

  it('the back/forward cache: started, left, restored (event.persisted true) and submitted', async () => {
    const base = prefix(`${name}-bf`);
    edge.pages.set(`${base}/contact`, bfcacheContact());
    edge.pages.set(`${base}/elsewhere`, page('Elsewhere', '<p>Another page</p>'));
    const tab = await engine.newTab();
    await tab.goto(`${edge.origin}${base}/contact`);
    await expectEvents(edge.bodies, base, [
      [`${base}/contact`, '', PAGE_VIEW],
      [`${base}/contact`, 'contact', VIEW],
    ]);
    await tab.fill('[name=email]', 'ada@example.com');
    await tab.goto(`${edge.origin}${base}/elsewhere`);
    await tab.evaluate(() => history.back());
    await expect.poll(() => tab.evaluate(() => (window as unknown as { restored?: boolean[] }).restored), POLL).toEqual([false, true]);
    // Typed in again: Firefox gives the focus back to the field on a restore, so the field is the start either way.
    await tab.fill('[name=email]', 'ada@example.org');
    await tab.click('button');
    await expect.poll(() => tab.evaluate(() => document.body.dataset.done), POLL).toBe('1');
    // Left by the page itself: Firefox's driver (puppeteer over BiDi) waits forever on a goto from a restored page.
    await tab.evaluate((url) => void setTimeout(() => location.assign(url)), `${edge.origin}${base}/elsewhere`);
    await expectEvents(edge.bodies, base, [
      [`${base}/contact`, '', PAGE_VIEW],
      [`${base}/contact`, 'contact', VIEW],
      [`${base}/contact`, 'contact', START, 'email'],
      [`${base}/contact`, 'contact', ABANDON, 'email'],
      [`${base}/elsewhere`, '', PAGE_VIEW],
      [`${base}/contact`, '', PAGE_VIEW],
      [`${base}/contact`, 'contact', VIEW],
      [`${base}/contact`, 'contact', START, 'email'],
      [`${base}/contact`, 'contact', COMPLETED, 'email'],
      [`${base}/elsewhere`, '', PAGE_VIEW],
    ]);
    await tab.close();
  });
});
