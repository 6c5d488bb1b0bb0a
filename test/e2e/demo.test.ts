// `npm start`'s demo page in Chromium: its script-validated call-back form, refused once by the page's own
// script and then sent, gives one log of two attempts.
import { expect, it } from 'vitest';
import { useBrowser } from '../../tools/browser';
import { pagesUrl, uniqueEmail, workerUrl } from './helpers';
import { ADA, ADA_STORED, expectOneLead } from './stacks/run';

const chromium = useBrowser();

it('the call-back form: refused by its script, then sent: one log that merged both attempts', async () => {
  const page = await chromium.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // The worker serves the demo on its own origin, which the e2e stack does not let post (npm start allows any);
  // so the page is loaded through the allowed origin: each request to it is answered by the worker, headers
  // (the demo's CSP among them) and all. The worker writes its own base into s.js; here the page's origin stands
  // in for it, as on npm start, where page and worker share one origin (the CSP's connect-src 'self').
  await page.route(`${pagesUrl}/**`, async (route) => {
    const url = new URL(route.request().url());
    const response = await route.fetch({ url: `${workerUrl}${url.pathname}${url.search}` });
    if (url.pathname !== '/s.js') return route.fulfill({ response });
    await route.fulfill({ response, body: (await response.text()).replaceAll(`${workerUrl}/`, `${pagesUrl}/`) });
  });
  await page.goto(`${pagesUrl}/`);
  await page.waitForFunction(() => typeof (window as { prospectBeacon?: unknown }).prospectBeacon === 'function');
  const email = uniqueEmail('demo');
  const form = page.locator('#call-back');
  await form.getByLabel('Full name').fill(ADA.name);
  await form.getByLabel('Work e-mail').fill(email);
  await form.getByRole('button', { name: 'Call me back' }).click();
  await page.waitForSelector('#cb-message.error');
  await form.getByLabel('Phone').fill(ADA.phone);
  await form.getByRole('button', { name: 'Call me back' }).click();
  await page.waitForSelector('#cb-message.done');
  const log = await expectOneLead(null, 'demo page: invalid then valid', email, ADA_STORED);
  expect(log.request.payload.attempts).toBe(2);
  expect(errors).toEqual([]);
});
