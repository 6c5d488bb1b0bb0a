// Read-only share links in Chromium: the admin makes one from the console against the real worker, and the link opens
// the dashboard without sign-in, its filters fixed, with no dead letters, install check, replay, erase or sharing.
import { nanoid } from 'nanoid';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from '../../tools/browser';
import { mockAdminApi } from '../../tools/console-fixture';
import { signIn } from '../../tools/console-demo';
import { workerUrl } from './helpers';

const TOKEN = 'e2e-admin-token-0123456789abcdefghij'; // test/e2e/setup.ts

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

describe('a read-only share link', () => {
  it('is made from the console with the filters in force, and opens a dashboard that cannot reach dead letters or erase', async () => {
    const campaign = `share-${nanoid(6).toLowerCase()}`;
    const admin = await browser.newContext({ locale: 'en-US' });
    const page = await admin.newPage();
    await signIn(page, workerUrl, TOKEN, `?campaign=${campaign}`);
    expect(await page.isVisible('#share-out')).toBe(false);
    await page.selectOption('#share-days', '1');
    const [made] = await Promise.all([page.waitForRequest((r) => r.url().endsWith('/admin/api/share')), page.click('#share-form button[type=submit]')]);
    expect(made.method()).toBe('POST');
    expect(JSON.parse(made.postData()!)).toEqual({ days: 1, filters: { campaign } });
    await expect.poll(() => page.inputValue('#share-url')).toMatch(/#share=/);
    const link = await page.inputValue('#share-url');
    expect(link.startsWith(`${workerUrl}/admin#share=`)).toBe(true);
    expect(await page.textContent('#share-note')).toContain(`campaign = ${campaign}`);
    await admin.close();

    // The real worker takes the link's token for the dashboard's routes, and refuses it for dead letters and erase.
    const share = new URL(link).hash.slice('#share='.length);
    const as = (path: string, method = 'GET') => fetch(`${workerUrl}/admin${path}`, { method, headers: { authorization: `Share ${share}` } });
    expect((await as(`/api/forms?campaign=another`)).status).toBe(200);
    expect([(await as('/dead-letters')).status, (await as('/erase', 'POST')).status, (await as('/api/sites')).status]).toEqual([401, 401, 401]);

    // The page the link opens (answers from the fixture, which takes the same token as a share credential).
    const viewer = await browser.newContext({ locale: 'en-US' });
    const shared = await viewer.newPage();
    const mock = await mockAdminApi(shared, { token: 'not-the-viewers', share });
    await shared.goto(link);
    await shared.waitForSelector('#p-funnel table');
    expect(await shared.isVisible('#app')).toBe(true);
    expect(await shared.textContent('#shared-text')).toMatch(
      new RegExp(`Filters fixed by the link: campaign = ${campaign}\\. The link works until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\.`),
    );
    for (const gone of ['#signin', '#p-dead', '#p-sites', '#p-share', '#sign-out']) expect(await shared.locator(gone).count(), gone).toBe(0);
    expect(await shared.inputValue('#f-campaign')).toBe(campaign);
    expect(await shared.locator('#f-campaign').getAttribute('readonly')).toBe('');
    // Every call carried the link, with its campaign, and none went to dead letters, sites or erase.
    await expect.poll(() => mock.answered).toBe(mock.requests.length);
    expect(mock.requests.length).toBeGreaterThan(5);
    for (const r of mock.requests) {
      expect(r.auth).toBe(`Share ${share}`);
      expect(r.path).toMatch(/^\/api\/(forms|series|breakdown|pages|fields|realtime|health)$/);
      expect(r.query.get('campaign')).toBe(campaign);
    }
    // Clearing the filters keeps the fixed one.
    await shared.click('#f-clear');
    await expect.poll(() => mock.requests.at(-1)?.query.get('campaign')).toBe(campaign);
    expect(await shared.inputValue('#f-campaign')).toBe(campaign);
    await viewer.close();
  });

  it('does not call the filters it fixes "your filters" when nothing was counted for them', async () => {
    const viewer = await browser.newContext({ locale: 'en-US' });
    const page = await viewer.newPage();
    // A payload the page reads (the fixture does not check signatures; the worker does, in test/worker/share.test.ts).
    const token = `${Buffer.from(JSON.stringify({ v: 1, exp: 9_999_999_999, f: { form: 'quiet' } })).toString('base64url')}.sig`;
    await mockAdminApi(page, { token: 'not-the-viewers', share: token, empty: true });
    await page.goto(`${workerUrl}/admin#share=${token}`);
    await expect.poll(() => page.isVisible('#empty')).toBe(true);
    expect(await page.isVisible('#no-match')).toBe(false);
    expect(await page.textContent('#shared-text')).toContain('form = quiet');
    await viewer.close();
  });

  it('says the link has expired or is not valid when the worker refuses it', async () => {
    const viewer = await browser.newContext({ locale: 'en-US' });
    const page = await viewer.newPage();
    const mock = await mockAdminApi(page, { token: 'not-the-viewers', share: 'the-right-one' });
    await page.goto(`${workerUrl}/admin#share=a-tampered-one`);
    await expect.poll(() => page.textContent('#shared-text')).toContain('expired or is not valid (401)');
    expect(await page.isVisible('#app')).toBe(false);
    expect(mock.requests.every((r) => r.auth === 'Share a-tampered-one')).toBe(true);
    await viewer.close();
  });
});
