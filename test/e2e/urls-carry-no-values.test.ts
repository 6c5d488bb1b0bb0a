// In Chromium, the roads a value can take out of a page through its URL: a GET form's values in the next page's
// query, an e-mail in the path and in the fragment, a campaign link with ?email=. None of them may reach the worker
// (captures or analytics), the log in Architect, or the analytics database the console reads.
import type { Page, Request } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { useBrowser } from '../../tools/browser';
import { expectLogs, pagesUrl, uniqueEmail, workerUrl } from './helpers';

const chromium = useBrowser();
const ADMIN = { authorization: 'Bearer e2e-admin-token-0123456789abcdefghij' };
let page: Page;
afterEach(() => page?.close());

/** Every request body and URL the page sends to the worker, as text. */
function recordWorkerTraffic(p: Page): string[] {
  const seen: string[] = [];
  p.on('request', (r: Request) => {
    if (r.url().startsWith(workerUrl)) seen.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`);
  });
  return seen;
}

/** Everything the analytics database answers the console, as text: pages, forms, sources, campaigns. */
async function analyticsText(): Promise<string> {
  const routes = ['forms', 'breakdown?by=page', 'breakdown?by=source', 'breakdown?by=campaign', 'sites'];
  const answers = await Promise.all(routes.map(async (r) => (await fetch(`${workerUrl}/admin/api/${r}`, { headers: ADMIN })).text()));
  return answers.join('\n');
}

/** Submits the lead form on the open page and waits for its one log: the positive signal that everything the page
 * had to send has been sent and stored. Returns the log's page URL. */
async function submitLead(lead: string): Promise<string> {
  await page.click('#lead button');
  const [log] = await expectLogs(lead, 1);
  return (log!.request.payload.page as { url: string }).url;
}

describe('no value leaves a page through its URL', () => {
  it('a GET form the site excludes: its e-mail and one-time code in the next page’s query are not sent', async () => {
    const lead = uniqueEmail('get-form-lead');
    const typed = uniqueEmail('typed-not-sent');
    page = await chromium.newPage();
    const traffic = recordWorkerTraffic(page);
    await page.goto(`${pagesUrl}/private/account?lead=${encodeURIComponent(lead)}`);
    await page.fill('#verify [name=email]', typed);
    await page.fill('#verify [name=code]', '482913');
    await Promise.all([page.waitForURL(/\/private\/verified\?/), page.click('#verify button')]);
    // The browser did put them in the next page's URL: the road this test closes is real.
    expect(decodeURIComponent(page.url())).toContain(typed);
    expect(await submitLead(lead)).toBe(`${pagesUrl}/private/verified`);
    const sent = traffic.join('\n');
    expect(sent).toContain(lead); // the capture of the lead itself
    expect(sent).not.toContain(typed);
    expect(sent).not.toContain(encodeURIComponent(typed));
    expect(sent).not.toContain('482913');
    await expect.poll(analyticsText).toContain('/private/verified');
    expect(await analyticsText()).not.toMatch(new RegExp(`${typed.split('@')[0]}|482913`));
    expect(await expectLogs(typed, 0)).toEqual([]);
  });

  it('an e-mail in the path and in the fragment is not sent', async () => {
    const lead = uniqueEmail('path-lead');
    const inPath = uniqueEmail('in-path');
    const inFragment = uniqueEmail('in-fragment');
    page = await chromium.newPage();
    const traffic = recordWorkerTraffic(page);
    await page.goto(`${pagesUrl}/private/welcome/${inPath}?lead=${encodeURIComponent(lead)}#${inFragment}`);
    expect(await submitLead(lead)).toBe(`${pagesUrl}/private/welcome/:redacted`);
    const sent = traffic.join('\n');
    for (const secret of [inPath, encodeURIComponent(inPath), inFragment]) expect(sent).not.toContain(secret);
    await expect.poll(analyticsText).toContain('/private/welcome/:redacted');
    expect(await analyticsText()).not.toContain(inPath.split('@')[0]);
  });

  it('a campaign link with ?email= keeps its utm_* and drops the e-mail', async () => {
    const lead = uniqueEmail('campaign-lead');
    const inQuery = uniqueEmail('in-campaign-link');
    page = await chromium.newPage();
    const traffic = recordWorkerTraffic(page);
    await page.goto(`${pagesUrl}/private/offer?lead=${encodeURIComponent(lead)}&email=${encodeURIComponent(inQuery)}&mc_eid=8a7b6c&utm_source=newsletter`);
    expect(await submitLead(lead)).toBe(`${pagesUrl}/private/offer?utm_source=newsletter`);
    const [log] = await expectLogs(lead, 1);
    expect(log!.request.payload.attribution).toMatchObject({ utm_source: 'newsletter', landingPage: `${pagesUrl}/private/offer?utm_source=newsletter` });
    const sent = traffic.join('\n');
    for (const secret of [inQuery, encodeURIComponent(inQuery), '8a7b6c']) expect(sent).not.toContain(secret);
    expect(await analyticsText()).not.toContain(inQuery.split('@')[0]);
  });
});
