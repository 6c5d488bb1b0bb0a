// Where captures go, in Chromium: page markup cannot redirect captures. A page with hostile look-alike elements (an <img>
// with src …/s.js and data-endpoint, as user content may hold) loads the real tag where document.currentScript is
// null: injected into a shadow root, and fetched then eval'd by a loader. Captures must reach only the worker.
import type { Page, Request } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { useBrowser } from '../../tools/browser';
import { logsFor, pagesUrl, uniqueEmail, workerUrl } from './helpers';

const chromium = useBrowser();
let page: Page;
afterEach(() => page?.close());

const ATTACKER = 'https://attacker.test';
const LOOK_ALIKES = `
<img src="${ATTACKER}/s.js" data-endpoint="${ATTACKER}/steal" alt="">
<div src="${ATTACKER}/_pb/s.js" data-endpoint="${ATTACKER}/steal2"></div>
<script type="text/plain" src="${ATTACKER}/s.debug.js" data-endpoint="${ATTACKER}/steal3"></script>`;

const LOADERS = {
  'the tag injected into a shadow root': `const s = document.createElement('script'); s.src = '${workerUrl}/s.js';
document.getElementById('host').attachShadow({ mode: 'open' }).appendChild(s);`,
  'a fetch-and-eval loader': `fetch('${workerUrl}/s.js').then((r) => r.text()).then((code) => (0, eval)(code));`,
};

/** The hostile page, served on the allowed site's origin (so only the endpoint decides where captures go). */
async function open(name: string, loader: string, email: string): Promise<Request[]> {
  page = await chromium.newPage();
  const requests: Request[] = [];
  page.on('request', (r) => void requests.push(r));
  // Should anything reach for the attacker, it is answered (and recorded above) rather than failing on DNS.
  await page.route(`${ATTACKER}/**`, (route) => route.fulfill({ status: 200, headers: { 'access-control-allow-origin': '*' }, body: '' }));
  // A document the pages server really served (its tag-free thank-you page: Chromium then knows its address space
  // and lets it reach the local worker), rewritten with the hostile markup; a route-fulfilled page would count as
  // public and be refused.
  await page.goto(`${pagesUrl}/thanks?case=${name}`);
  await page.setContent(`<!doctype html><title>Comments</title>${LOOK_ALIKES}<div id="host"></div>
<form id="lead"><input name="full_name" value="Ada Lovelace"><input name="email" type="email" value="${email}"><button>Send</button></form>
<script>document.getElementById('lead').addEventListener('submit', (e) => e.preventDefault());${loader}</script>`);
  await page.waitForFunction(() => typeof (window as { prospectBeacon?: unknown }).prospectBeacon === 'function');
  return requests;
}

describe('captures reach only the worker, whatever the page holds', () => {
  it.each(Object.entries(LOADERS))('with %s and look-alike elements', async (name, loader) => {
    const email = uniqueEmail('hijack');
    const requests = await open(name.replace(/\W+/g, '-'), loader, email);
    await page.click('#lead button');
    await expect.poll(async () => (await logsFor(email)).length, { timeout: 20_000 }).toBe(1);
    // The <img> itself loads from the attacker (the page's doing); nothing else may go there.
    const toAttacker = requests.filter((r) => r.url().startsWith(ATTACKER)).map((r) => `${r.resourceType()} ${r.method()} ${r.url()}`);
    expect(toAttacker).toEqual([`image GET ${ATTACKER}/s.js`]);
    // Every POST goes to the worker: the capture, and form analytics' counts (/v1/events, no values).
    const posts = requests.filter((r) => r.method() === 'POST');
    expect(posts.map((r) => r.url()).filter((u) => !u.startsWith(`${workerUrl}/`))).toEqual([]);
    const captures = posts.filter((r) => r.url() === `${workerUrl}/v1/submissions`);
    expect(captures).toHaveLength(1);
    expect(JSON.parse(captures[0]!.postData()!).fields).toContainEqual(expect.objectContaining({ value: email }));
  });
});
