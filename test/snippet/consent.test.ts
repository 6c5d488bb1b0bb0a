// Consent read from the site's banner (data-consent="auto") in happy-dom: which signal wins, consent that arrives late,
// changes or is withdrawn, the 3 s without a banner, and what each scope holds. The snippet's 1 s poll and 3 s timer are
// taken out of the page's timers (happy-dom waits for every timer) and run by the test, so no test sleeps.
import { afterEach, describe, expect, it } from 'vitest';
import { boot, submit, type BootOptions } from './harness';

const EVENTS = 'https://beacon.example.net/v1/events';
const FORM = `<form id="lead"><input name="full_name" value="Ada Lovelace"><input name="email" type="email" value="ada@example.com">
  <button type="submit">Send</button></form>`;
const LANDING = 'https://www.example.com/pricing?utm_source=newsletter&utm_campaign=spring';

/** Runs before the snippet: its 1 s poll and 3 s timer are recorded instead of scheduled (see the file's first lines). */
const TIMERS = `window.__poll = []; window.__late = [];
  window.setInterval = function (fn, ms) { window.__poll.push([fn, ms]); return 0; };
  var st = window.setTimeout;
  window.setTimeout = function (fn, ms) { if (ms === 3000) { window.__late.push(fn); return 0; } return st.apply(window, arguments); };`;
/** Google's Consent Mode snippet, as its documentation gives it (gtag assigned to window: happy-dom keeps a script's
 * function declarations out of the window). */
const GTAG = `window.dataLayer = window.dataLayer || []; window.gtag = function gtag(){dataLayer.push(arguments);};`;
/** A TCF v2.2 CMP's __tcfapi: addEventListener answers at once, then at each window.__tcSet(consents). */
const TCF = `window.__tcfapi = function (cmd, v, cb) { if (cmd !== 'addEventListener') return;
    window.__tcSet = function (consents, status) { cb({ gdprApplies: true, eventStatus: status || 'useractioncomplete', purpose: { consents: consents } }, true); };
    cb({ gdprApplies: true, eventStatus: 'cmpuishown', purpose: { consents: {} } }, true); };`;

/** Klaro's manager as klaro.getManager() returns it: one object, its watchers told of each change (`__klaroSave`). */
const KLARO = `window.klaroWith = function (consents, services, confirmed) {
    var m = { consents: consents, confirmed: confirmed !== false, config: { services: services }, watchers: [],
      watch: function (w) { m.watchers.push(w); } };
    window.__klaroSave = function (c) { m.consents = c; m.confirmed = true; m.watchers.forEach(function (w) { w.update(m, 'saveConsents'); }); };
    return { getManager: function () { return m; } };
  };`;

let env: Awaited<ReturnType<typeof boot>> | undefined;
afterEach(() => env?.close());

type Page = { __poll: [() => void, number][]; __late: (() => void)[]; gtag: (...a: unknown[]) => void; __tcSet: (c: object) => void };
const page = () => env!.window as unknown as Page & Record<string, unknown>;
async function start(data: Record<string, string>, before: string, opts: BootOptions = {}) {
  env = await boot({ html: FORM, url: LANDING, referrer: 'https://www.google.com/', data: { consent: 'auto', ...data }, before: TIMERS + before, ...opts });
  return env;
}
/** One tick of the snippet's 1 s poll. */
const poll = async () => {
  for (const [fn] of page().__poll) fn();
  await env!.settle();
};
/** The snippet's 3 s without a banner, elapsed. */
const threeSeconds = async () => {
  for (const fn of page().__late) fn();
  await env!.settle();
};
const views = () => env!.beacons.filter((b) => b.url === EVENTS);
const touches = () => env!.window.localStorage.getItem('pb_touches');
/** Submits the form with another e-mail: the snippet sends an identical submission only once. */
let n = 0;
const submitAnother = () => {
  (env!.document.querySelector('[name=email]') as unknown as HTMLInputElement).value = `ada${n++}@example.com`;
  return submit(env!);
};
const sentConsent = () => env!.requests.map((r) => [r.body.consent, (r.body as { consentSource?: string }).consentSource]);

describe('which signal decides', () => {
  it('follows IAB TCF over Google Consent Mode when both are present', async () => {
    await start({}, `${TCF}${GTAG} gtag('consent', 'default', { analytics_storage: 'granted' });`);
    await submit(env!);
    expect(sentConsent()).toEqual([['denied', 'tcf']]);
    expect(views()).toEqual([]);
    expect(touches()).toBeNull();
  });

  it('follows Google Consent Mode over a CMP global when there is no TCF', async () => {
    await start({}, `${GTAG} gtag('consent', 'default', { analytics_storage: 'denied' }); window.OptanonActiveGroups = ',C0001,C0002,';`);
    await submit(env!);
    expect(sentConsent()).toEqual([['denied', 'gcm']]);
    expect(views()).toEqual([]);
  });

  it.each([
    [
      "a region's denial before a global grant",
      `gtag('consent', 'default', { analytics_storage: 'denied', region: ['DE', 'FR'] }); gtag('consent', 'default', { analytics_storage: 'granted' });`,
    ],
    [
      "a region's denial after a global grant",
      `gtag('consent', 'default', { analytics_storage: 'granted' }); gtag('consent', 'default', { analytics_storage: 'denied', region: ['DE'] });`,
    ],
  ])('holds measurement under Consent Mode for %s, until an update grants it', async (_, defaults) => {
    await start({}, `${GTAG} ${defaults}`);
    await submit(env!);
    expect(sentConsent()).toEqual([['denied', 'gcm']]);
    expect(views()).toEqual([]);
    page().gtag('consent', 'update', { analytics_storage: 'granted' });
    await env!.settle();
    await submitAnother();
    expect(sentConsent()).toEqual([
      ['denied', 'gcm'],
      ['granted', 'gcm'],
    ]);
  });

  it('counts TCF measurement consent only with purposes 1, 8 and 9 all consented', async () => {
    await start({}, TCF);
    page().__tcSet({ 1: true, 8: true });
    await poll();
    await submit(env!);
    page().__tcSet({ 1: true, 8: true, 9: true });
    await poll();
    await submitAnother();
    expect(sentConsent()).toEqual([
      ['denied', 'tcf'],
      ['granted', 'tcf'],
    ]);
  });

  const CMPS: [string, string, string, string?][] = [
    ['onetrust', `window.OptanonActiveGroups = ',C0001,C0002,';`, `window.OptanonActiveGroups = ',C0001,C0004,';`, 'C0004'],
    [
      'cookiebot',
      `window.Cookiebot = { consent: { statistics: true } };`,
      `window.Cookiebot = { consent: { statistics: false, marketing: true } };`,
      'marketing',
    ],
    [
      'usercentrics',
      `window.UC_UI = { getServicesBaseInfo: function () { return [{ categorySlug: 'marketing', consent: { status: true } }]; } };`,
      `window.UC_UI = { getServicesBaseInfo: function () { return [{ categorySlug: 'marketing', consent: { status: false } }, { categorySlug: 'stats', consent: { status: true } }]; } };`,
      'stats',
    ],
    [
      'didomi',
      `window.Didomi = { getCurrentUserStatus: function () { return { purposes: { analytics: { enabled: true } } }; } };`,
      `window.Didomi = { getCurrentUserStatus: function () { return { purposes: { analytics: { enabled: false }, audience: { enabled: true } } }; } };`,
      'audience',
    ],
    [
      'cookieyes',
      `window.getCkyConsent = function () { return { categories: { analytics: true } }; };`,
      `window.getCkyConsent = function () { return { categories: { analytics: false, performance: true } }; };`,
      'performance',
    ],
    [
      'klaro',
      `${KLARO} window.klaro = klaroWith({ ga: true }, [{ name: 'ga', purposes: ['analytics'] }]);`,
      `${KLARO} window.klaro = klaroWith({ ga: false, matomo: true }, [{ name: 'ga', purposes: ['analytics'] }, { name: 'matomo', purposes: ['stats'] }]);`,
      'stats',
    ],
    [
      'cookieconsent',
      `window.CookieConsent = { acceptedCategory: function (c) { return c === 'analytics'; } };`,
      `window.CookieConsent = { acceptedCategory: function (c) { return c === 'measure'; } };`,
      'measure',
    ],
  ];
  it.each(CMPS)('reads %s: its statistics category by default, another one named by data-consent-category', async (name, granted, other, category) => {
    await start({}, granted);
    await submit(env!);
    expect(sentConsent()).toEqual([['granted', name]]);
    await expect.poll(() => views().length).toBe(1);
    env!.close();
    await start({}, other);
    await submit(env!);
    expect(sentConsent()).toEqual([['denied', name]]);
    env!.close();
    await start({ 'consent-category': category! }, other);
    await submit(env!);
    expect(sentConsent()).toEqual([['granted', name]]);
  });
});

describe('consent that arrives late, changes, or is withdrawn', () => {
  it('starts analytics and stores the campaign touch once consent arrives on the page', async () => {
    await start({}, `${GTAG} gtag('consent', 'default', { analytics_storage: 'denied' });`);
    await submit(env!); // the positive signal: the snippet has run and sent the lead
    expect(sentConsent()).toEqual([['denied', 'gcm']]);
    expect(views()).toEqual([]);
    expect(touches()).toBeNull();
    page().gtag('consent', 'update', { analytics_storage: 'granted' }); // read as it is pushed, without a poll
    await env!.settle();
    await expect.poll(() => views().length).toBe(1);
    expect(JSON.parse(touches()!)).toMatchObject([{ url: LANDING }, { url: LANDING }]);
  });

  it('follows a TCF choice made after the banner showed', async () => {
    await start({}, TCF);
    await submit(env!);
    expect(views()).toEqual([]);
    page().__tcSet({ 1: true, 8: true, 9: true });
    await env!.settle();
    await expect.poll(() => views().length).toBe(1);
    expect(touches()).not.toBeNull();
  });

  it('stops counting when consent is withdrawn, and stores no touch of a later page view', async () => {
    await start({}, `${GTAG} gtag('consent', 'default', { analytics_storage: 'granted' });`);
    await expect.poll(() => views().length).toBe(1);
    const stored = touches();
    page().gtag('consent', 'update', { analytics_storage: 'denied' });
    await env!.settle();
    // The page's window with the DOM's own types (the harness's intersection type makes its constructors `never`).
    const win = env!.window as unknown as typeof globalThis;
    (env!.document.querySelector('[name=email]') as unknown as HTMLElement).dispatchEvent(new win.Event('focusin', { bubbles: true }));
    win.dispatchEvent(new win.Event('pagehide'));
    await submit(env!);
    expect(sentConsent()).toEqual([['denied', 'gcm']]);
    expect(views()).toHaveLength(1); // no start, no abandon after the withdrawal
    env!.close();
    await start({}, `${GTAG} gtag('consent', 'default', { analytics_storage: 'denied' });`, {
      url: 'https://www.example.com/?utm_source=ads',
      storage: { pb_touches: stored! },
    });
    await submit(env!);
    expect(touches()).toBe(stored);
  });

  it('follows a TCF CMP that loads after the snippet started', async () => {
    await start({}, '');
    env!.window.eval(TCF);
    await poll();
    page().__tcSet({ 1: true, 8: true, 9: true });
    await env!.settle();
    await submit(env!);
    expect(sentConsent()).toEqual([['granted', 'tcf']]);
  });

  const EVENTS: [string, string, string][] = [
    [
      'onetrust',
      `window.OptanonActiveGroups = ',C0001,C0002,';`,
      `window.OptanonActiveGroups = ',C0001,'; window.dispatchEvent(new CustomEvent('OneTrustGroupsUpdated', { detail: ['C0001'] }));`,
    ],
    [
      'cookiebot',
      `window.Cookiebot = { consent: { statistics: true } };`,
      `Cookiebot.consent.statistics = false; window.dispatchEvent(new Event('CookiebotOnDecline'));`,
    ],
    [
      'cookieyes',
      `window.__cky = { analytics: true }; window.getCkyConsent = function () { return { categories: window.__cky }; };`,
      // Dispatched on document, as CookieYes does, without bubbling.
      `__cky.analytics = false; document.dispatchEvent(new CustomEvent('cookieyes_consent_update', { detail: { rejected: ['analytics'] } }));`,
    ],
    [
      'cookieconsent',
      `window.__cc = 'analytics'; window.CookieConsent = { acceptedCategory: function (c) { return c === window.__cc; } };`,
      `__cc = ''; window.dispatchEvent(new CustomEvent('cc:onChange', { detail: { changedCategories: ['analytics'] } }));`,
    ],
    [
      'didomi',
      `window.__dm = true; window.Didomi = { getCurrentUserStatus: function () { return { purposes: { analytics: { enabled: window.__dm } } }; } };`,
      // What Didomi does with the listeners queued in window.didomiEventListeners when consent changes.
      `__dm = false; didomiEventListeners.forEach(function (l) { if (l.event === 'consent.changed') l.listener({}); });`,
    ],
    ['klaro', `${KLARO} window.klaro = klaroWith({ ga: true }, [{ name: 'ga', purposes: ['analytics'] }]);`, `__klaroSave({ ga: false });`],
  ];
  it.each(EVENTS)('follows a withdrawal in %s at its own change event, before the next poll', async (name, granted, withdraw) => {
    await start({}, granted);
    await submit(env!);
    env!.window.eval(withdraw);
    await submitAnother();
    expect(sentConsent()).toEqual([
      ['granted', name],
      ['denied', name],
    ]);
  });

  it("takes Klaro's pre-ticked defaults for no consent until the visitor saves a choice", async () => {
    await start({}, `${KLARO} window.klaro = klaroWith({ ga: true }, [{ name: 'ga', purposes: ['analytics'] }], false);`);
    await submit(env!);
    expect(views()).toEqual([]);
    env!.window.eval(`__klaroSave({ ga: true });`);
    await submitAnother();
    expect(sentConsent()).toEqual([
      ['denied', 'klaro'],
      ['granted', 'klaro'],
    ]);
    await expect.poll(() => views().length).toBe(1);
  });

  it('follows a CMP global that changes, at the next poll', async () => {
    await start({}, `window.Cookiebot = { consent: { statistics: false } };`);
    await submit(env!);
    (page().Cookiebot as { consent: { statistics: boolean } }).consent.statistics = true;
    await poll();
    await submitAnother();
    expect(sentConsent()).toEqual([
      ['denied', 'cookiebot'],
      ['granted', 'cookiebot'],
    ]);
    expect(page().__poll.map(([, ms]) => ms)).toEqual([1000]);
  });
});

describe('no banner', () => {
  it('holds nothing once 3 s pass without a banner, and records consent as none', async () => {
    await start({ 'consent-scope': 'all' }, '');
    await submit(env!);
    expect(env!.requests).toEqual([]);
    expect(views()).toEqual([]);
    expect(page().__late).toHaveLength(1); // the 3 s timer, recorded by its delay
    await threeSeconds();
    expect(sentConsent()).toEqual([['unknown', 'none']]);
    await expect.poll(() => views().length).toBe(1);
    expect(touches()).not.toBeNull();
  });

  it('lets a banner that loads after the 3 s decide from then on', async () => {
    await start({}, '');
    await threeSeconds();
    page().Cookiebot = { consent: { statistics: false } };
    await poll();
    await submit(env!);
    expect(sentConsent()).toEqual([['denied', 'cookiebot']]);
  });

  it('records none without any data-consent setting, and counts at once', async () => {
    env = await boot({ html: FORM, url: LANDING });
    await submit(env);
    expect(sentConsent()).toEqual([['unknown', 'none']]);
    await expect.poll(() => views().length).toBe(1);
  });
});

describe('the banner readers, a second file', () => {
  it('are loaded once, from the worker that served the snippet, only when the tag asks for them', async () => {
    await start({ endpoint: 'https://collect.example.org/v1/submissions' }, '');
    await submit(env!); // the positive signal: the snippet has run and sent the lead
    expect(env!.loaded).toEqual(['https://beacon.example.net/consent.js']);
    env!.close();
    for (const data of [{}, { consent: 'required' }] as Record<string, string>[]) {
      env = await boot({ html: FORM, url: LANDING, data });
      await submit(env);
      expect(env.requests).toHaveLength(data.consent ? 0 : 1);
      expect(env.loaded).toEqual([]);
      env.close();
    }
    env = undefined;
  });

  it('that never load leave measurement waiting, never granted, while a submitted form is still sent', async () => {
    await start({}, `${GTAG} gtag('consent', 'default', { analytics_storage: 'granted' });`, { blockBanners: true });
    await submit(env!);
    expect(sentConsent()).toEqual([['unknown', 'none']]);
    expect(page().__late).toEqual([]); // no 3 s timer: only the readers start one
    expect(views()).toEqual([]);
    expect(touches()).toBeNull();
  });
});

describe('what consent holds', () => {
  it('sends a submitted form by default while measurement consent is refused', async () => {
    await start({}, `${GTAG} gtag('consent', 'default', { analytics_storage: 'denied' });`);
    await submit(env!);
    expect(sentConsent()).toEqual([['denied', 'gcm']]);
  });

  it('holds a submitted form with data-consent-scope="all" until consent, then sends it marked granted', async () => {
    await start({ 'consent-scope': 'all' }, `${GTAG} gtag('consent', 'default', { analytics_storage: 'denied' });`);
    await submit(env!);
    await poll();
    expect(env!.requests).toEqual([]);
    expect(env!.window.localStorage.getItem('pb_outbox')).toBeNull(); // held in memory only
    page().gtag('consent', 'update', { analytics_storage: 'granted' });
    await env!.settle();
    expect(sentConsent()).toEqual([['granted', 'gcm']]);
  });

  it('with data-consent="required" and consent given, a prevented submit still waiting for its send goes kept alive when the page is left', async () => {
    env = await boot({ html: FORM, url: LANDING, data: { consent: 'required' } });
    env.window.prospectBeacon.consent(true);
    await env.settle();
    const form = env.document.querySelector('form') as unknown as HTMLFormElement;
    form.addEventListener('submit', (e) => e.preventDefault());
    form.requestSubmit();
    env.window.dispatchEvent(new (env.window as unknown as typeof globalThis).Event('pagehide') as never);
    expect(env.requests.map((r) => [r.body.consent, r.keepalive])).toEqual([['granted', true]]);
    await env.settle();
    expect(env.requests).toHaveLength(1);
  });

  it('with data-consent="required", an earlier page view\'s unsent capture stays in the outbox when the page is left before consent, and goes once it is given', async () => {
    const stored = { v: 1, id: 'heldforconsent0000001', page: { url: LANDING }, fields: [{ name: 'email', value: 'a@example.com' }], ts: Date.now() };
    env = await boot({ html: FORM, url: LANDING, data: { consent: 'required' }, storage: { pb_outbox: JSON.stringify([stored]) } });
    env.window.dispatchEvent(new (env.window as unknown as typeof globalThis).Event('pagehide') as never);
    await env.settle();
    expect(env.requests).toEqual([]);
    env.window.prospectBeacon.consent(true);
    await env.settle();
    expect(env.requests.map((r) => r.body.id)).toEqual([stored.id]);
  });

  it('keeps data-consent="required": prospectBeacon.consent(true) sends the held capture, recorded as manual', async () => {
    env = await boot({ html: FORM, url: LANDING, data: { consent: 'required' } });
    await submit(env);
    expect(env.requests).toEqual([]);
    expect(views()).toEqual([]);
    expect(touches()).toBeNull();
    env.window.prospectBeacon.consent(true);
    await env.settle();
    expect(sentConsent()).toEqual([['granted', 'manual']]);
    await expect.poll(() => views().length).toBe(1);
    expect(touches()).not.toBeNull();
  });
});
