// The real snippet in headless Chromium, posting to `wrangler dev`, delivered to the stand-in: each scenario
// asserts what the stand-in stored, through expectCaptures (what must be stored, what must not, how many).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../../tools/browser';
import { expectCaptures, expectLogs, logsFor, pagesUrl, storedLogs, uniqueEmail, workerUrl } from './helpers';

const chromium = useBrowser();
let page: Page;

async function open(name: string, email: string, query = '') {
  page = await chromium.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${pagesUrl}/${name}?email=${encodeURIComponent(email)}${query}`);
  await page.waitForFunction(() => typeof (window as { prospectBeacon?: unknown }).prospectBeacon === 'function');
  return errors;
}

describe('in a real browser', () => {
  it('a plain form that navigates to a thank-you page: one log, identity, attribution from the landing URL', async () => {
    const email = uniqueEmail('plain');
    const errors = await open('plain', email, '&utm_source=linkedin&utm_campaign=q4-launch');
    const [log, ...more] = await expectCaptures(page, {
      action: () => Promise.all([page.waitForURL(/\/thanks/), page.click('button[type=submit]')]),
      expected: [{ email, phoneNumber: '+14155550134', name: 'Ada Lovelace', source: 'landing-page' }],
    });
    expect(more).toEqual([]);
    expect(log!.request).toMatchObject({ email, phoneNumber: '+14155550134', name: 'Ada Lovelace', source: 'landing-page' });
    expect(log!.request.payload.attribution).toMatchObject({ utm_source: 'linkedin', utm_campaign: 'q4-launch' });
    expect(errors).toEqual([]);
  });

  it('an SPA form whose own code prevents the submit and posts with fetch', async () => {
    const email = uniqueEmail('spa');
    await open('spa', email);
    const logs = await expectCaptures(page, {
      action: async () => {
        await page.click('button[type=submit]');
        await page.waitForFunction(() => document.body.dataset.done === '1');
      },
      expected: [{ email }],
    });
    expect(logs).toHaveLength(1);
  });

  it('a form inserted after load', async () => {
    const email = uniqueEmail('dynamic');
    await open('dynamic', email);
    await page.waitForSelector('#lead');
    const logs = await expectCaptures(page, {
      action: () => Promise.all([page.waitForURL(/\/thanks/), page.click('button[type=submit]')]),
      expected: [{ email }],
    });
    expect(logs).toHaveLength(1);
  });

  it('a form inside an open shadow root', async () => {
    const email = uniqueEmail('shadow');
    await open('shadow', email);
    const logs = await expectCaptures(page, {
      action: async () => {
        await page.click('lead-form >> input[name=email]');
        await page.click('lead-form >> button[type=submit]');
      },
      expected: [{ email }],
    });
    expect(logs).toHaveLength(1);
  });

  it('a form sent with form.submit(), which fires no submit event', async () => {
    const email = uniqueEmail('programmatic');
    await open('programmatic', email);
    const logs = await expectCaptures(page, { action: () => Promise.all([page.waitForURL(/\/thanks/), page.click('#go')]), expected: [{ email }] });
    expect(logs).toHaveLength(1);
  });

  it('requestSubmit()', async () => {
    const email = uniqueEmail('request');
    await open('plain', email);
    const logs = await expectCaptures(page, {
      action: () => Promise.all([page.waitForURL(/\/thanks/), page.evaluate(() => (document.getElementById('lead') as HTMLFormElement).requestSubmit())]),
      expected: [{ email }],
    });
    expect(logs).toHaveLength(1);
  });

  it('a double-click on submit gives one log', async () => {
    const email = uniqueEmail('double');
    await open('spa', email);
    const logs = await expectCaptures(page, {
      action: async () => {
        await page.dblclick('button[type=submit]');
        // Both clicks reached the page's own handler: the second had its chance to make a capture.
        await page.waitForFunction(() => document.body.dataset.done === '1');
      },
      expected: [{ email }],
      count: 1,
    });
    expect(logs).toHaveLength(1);
  });

  it('a page that calls form.submit() from its own submit handler gives one log', async () => {
    const email = uniqueEmail('twice');
    await open('submit-twice', email);
    const logs = await expectCaptures(page, {
      action: () => Promise.all([page.waitForURL(/\/thanks/), page.click('button[type=submit]')]),
      expected: [{ email }],
      count: 1,
    });
    expect(logs).toHaveLength(1);
  });

  it('a page that prevents the submit and leaves for its thank-you page at once gives one log', async () => {
    const email = uniqueEmail('redirect');
    await open('prevent-then-leave', email);
    await Promise.all([page.waitForURL(/\/thanks/), page.click('button[type=submit]')]);
    // The navigation wins the race with the snippet's next-task send (the page keeps its thread busy), so the capture
    // leaves kept alive at pagehide. Playwright reports no request made at pagehide: what the stand-in stored is the
    // evidence, not the requests seen.
    const logs = await expectLogs(email, 1);
    expect(logs).toHaveLength(1);
    expect(logs[0]!.request).toMatchObject({ email, name: 'Ada Lovelace', phoneNumber: '+14155550134' });
  });

  it('keeps passwords, card numbers, CVCs and data-pb-ignore content out of every stored log', async () => {
    const email = uniqueEmail('sensitive');
    await open('sensitive', email);
    await page.evaluate(() => {
      for (const f of document.querySelectorAll('form')) f.addEventListener('submit', (e) => e.preventDefault());
    });
    const logs = await expectCaptures(page, {
      action: async () => {
        await page.click('#lead button[type=submit]');
        await page.evaluate(() => (document.getElementById('ignored') as HTMLFormElement).requestSubmit());
      },
      expected: [{ email }],
      refuted: [{ email: `ignored-${email}` }],
      count: 1, // the data-pb-ignore form sends nothing
    });
    expect(logs).toHaveLength(1);
    const all = JSON.stringify((await storedLogs()).map((l) => l.request));
    for (const secret of ['Tr0ub4dor&3-secret', '4111 1111 1111 1111', '4111111111111111', 'do not send me', `ignored-${email}`])
      expect(all).not.toContain(secret);
    const [log] = await logsFor(email);
    expect(Object.keys(log!.request.payload.fields)).toEqual(['full_name', 'email', 'phone']);
  });

  it('sends nothing before consent(true), then the held capture', async () => {
    const email = uniqueEmail('consent');
    await open('consent', email);
    // The positive signal for "nothing sent": the snippet made the capture (and held it), noted where it
    // survives the navigation.
    await page.evaluate(() => document.addEventListener('prospectbeacon:captured', () => sessionStorage.setItem('pb_test_captured', '1')));
    await expectCaptures(page, {
      action: () => Promise.all([page.waitForURL(/\/thanks/), page.click('button[type=submit]')]),
      count: 0, // the page navigated away before consent: nothing may have been sent
      settled: () => page.waitForFunction(() => sessionStorage.getItem('pb_test_captured') === '1'),
    });
    await open('consent', email);
    await expectCaptures(page, {
      action: () =>
        page.evaluate(() => {
          document.addEventListener('prospectbeacon:captured', () => (document.body.dataset.captured = '1'));
          document.getElementById('lead')!.addEventListener('submit', (e) => e.preventDefault());
          (document.querySelector('button[type=submit]') as HTMLButtonElement).click();
        }),
      count: 0,
      // Captured, and a task later (when a prevented submit would be sent) still nothing on the wire.
      settled: async () => {
        await page.waitForFunction(() => document.body.dataset.captured === '1');
        await page.evaluate(() => new Promise((r) => setTimeout(r)));
      },
    });
    const logs = await expectCaptures(page, {
      action: () => page.evaluate(() => (window as unknown as { prospectBeacon: { consent(b: boolean): void } }).prospectBeacon.consent(true)),
      expected: [{ email, payload: expect.objectContaining({ consent: 'granted' }) }],
    });
    expect(logs).toHaveLength(1);
    expect(logs[0]!.request.payload.consent).toBe('granted');
  });

  it('network down at submit, then a second page view with the network back: the capture arrives once when it is left', async () => {
    const email = uniqueEmail('offline');
    await open('spa', email);
    await page.route(`${workerUrl}/v1/submissions`, (route) => route.abort('internetdisconnected'));
    // One capture id on the wire, twice (refused by the network, then resent): stored once.
    const logs = await expectCaptures(page, {
      action: async () => {
        await page.evaluate(() => document.addEventListener('prospectbeacon:failed', () => (document.body.dataset.failed = '1')));
        await page.click('button[type=submit]');
        await page.waitForFunction(() => document.body.dataset.failed === '1');
        await page.waitForFunction(() => (JSON.parse(localStorage.getItem('pb_outbox') || '[]') as unknown[]).length === 1);
        // The request failed and the capture waits in the outbox: nothing can have been stored.
        expect(await logsFor(email)).toHaveLength(0);
        await page.unroute(`${workerUrl}/v1/submissions`);
        await page.goto(`${pagesUrl}/thanks`);
        await page.goto(`${pagesUrl}/plain?email=someone-else@example.com`);
        // Leaving this page view sends what the earlier one could not, kept alive.
        await page.goto(`${pagesUrl}/thanks`);
      },
      expected: [{ email }],
    });
    expect(logs).toHaveLength(1);
    // The answer came after that page was gone: the next page view that is hidden sends it again (the same id),
    // reads the answer and empties the outbox; still one log.
    await page.goto(`${pagesUrl}/plain?email=someone-else@example.com`);
    await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide')));
    await page.waitForFunction(() => (JSON.parse(localStorage.getItem('pb_outbox') || '[]') as unknown[]).length === 0);
    expect(await logsFor(email)).toHaveLength(1);
  });

  it('works under a strict CSP that allows scripts and connections to the worker only', async () => {
    const email = uniqueEmail('csp');
    const errors = await open('csp', email);
    const logs = await expectCaptures(page, {
      action: () => Promise.all([page.waitForURL(/\/thanks/), page.click('button[type=submit]')]),
      expected: [{ email }],
    });
    expect(logs).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('loads the consent banner readers under the same CSP, with no change to it: with no banner, the page view is counted after 3 s', async () => {
    const errors = await open('csp-consent', uniqueEmail('csp-consent'));
    // Only the readers end the wait for a banner (their 3 s timer): the page view is the proof that they ran.
    const view = await page.waitForRequest((r) => r.url() === `${workerUrl}/v1/events`, { timeout: 10_000 });
    expect(JSON.parse(view.postData()!)[2]).toContainEqual(['', 3]);
    expect(await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name))).toContainEqual(
      expect.stringMatching(/\/consent\.js\?v=[0-9a-f]{8}$/), // asked for with the snippet's release
    );
    expect(errors).toEqual([]);
  });

  it('works when a tag manager injects the script late (no document.currentScript)', async () => {
    const email = uniqueEmail('gtm');
    await open('tag-manager', email);
    const logs = await expectCaptures(page, {
      action: () => Promise.all([page.waitForURL(/\/thanks/), page.click('button[type=submit]')]),
      expected: [{ email }],
    });
    expect(logs).toHaveLength(1);
  });
});
