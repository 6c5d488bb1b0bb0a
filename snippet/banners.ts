// The readers of the site's consent banner, for data-consent="auto": a second file (dist/consent.js, served as
// /consent.js), which snippet/consent.ts loads only when the tag asks for it. IAB TCF v2.2 first, then Google Consent
// Mode, then a CMP's own API; each choice goes to the snippet through the set() it handed over.
import type { Readers } from './consent';

// biome-ignore lint/suspicious/noExplicitAny: the banners' globals are untyped third-party objects.
type Any = any;
const w = window as Any;
let set: Readers[0];
let category: Readers[1];
let none: Readers[2];

let tc: Any; // the latest TCData from __tcfapi
let hooked: Any; // __tcfapi (bit 1), dataLayer.push (bit 2) and Klaro's manager (bit 4) are hooked once each

/** Each banner's reading, in order of precedence: it throws or gives undefined/null when that banner is absent (a throw
 * is how a missing global is told apart, in fewer bytes than checks). The category defaults are each CMP's own name for
 * statistics (data-consent-category names another). */
const BANNERS: [string, (c?: string) => unknown][] = [
  // Measurement in TCF v2.2: purposes 1 (store and/or access information on a device), 8 (measure content
  // performance) and 9 (understand audiences through statistics or combinations of data from different sources).
  [
    'tcf',
    () => {
      // Hooked once a CMP is there (the poll retries until then): its callback runs at once with the stored choice,
      // then at each change (cmpuishown, useractioncomplete).
      if (!(hooked & 1) && w.__tcfapi) {
        hooked |= 1;
        w.__tcfapi('addEventListener', 2, (d: Any, ok: boolean) => ok && ((tc = d), read()));
      }
      return !tc.gdprApplies || [1, 8, 9].every((p) => tc.purpose.consents[p]);
    },
  ],
  [
    'gcm',
    () => {
      const dl = w.dataLayer;
      if (!(hooked & 2)) {
        // gtag('consent', 'update', …) is read as it is pushed, not a second later. GTM wraps push in turn, keeping ours.
        const push = dl.push;
        hooked |= 2;
        dl.push = function (this: unknown, ...a: unknown[]) {
          const r = push.apply(this, a);
          read();
          return r;
        };
      }
      // gtag() pushes its `arguments`: the latest update naming analytics_storage wins. A default scoped to regions
      // (`region: ['EU', …]`) counts only when it denies, since the visitor's region is not known here, and a global
      // default never lifts it: Google applies the most specific region first, whatever the order.
      let g: boolean | undefined;
      let r: unknown;
      for (const e of dl) {
        const c = e[0] == 'consent' && (e[2] || 0).analytics_storage;
        if (c) {
          const on = c == 'granted';
          e[1] == 'update' ? (g = on) : e[2].region ? on || ((g = false), (r = 1)) : r || (g = on);
        }
      }
      return g;
    },
  ],
  ['onetrust', (c = 'C0002') => w.OptanonActiveGroups.includes(',' + c + ',')],
  ['cookiebot', (c = 'statistics') => w.Cookiebot.consent[c]],
  ['usercentrics', (c = 'marketing') => w.UC_UI.getServicesBaseInfo().some((s: Any) => s.categorySlug == c && s.consent.status)],
  ['didomi', (c = 'analytics') => w.Didomi.getCurrentUserStatus().purposes[c].enabled],
  ['cookieyes', (c = 'analytics') => w.getCkyConsent().categories[c]],
  [
    'klaro',
    (c = 'analytics') => {
      const m = w.klaro.getManager();
      // Its watchers hear every change; hooked once. Until the visitor saved a choice (`confirmed`), its consents are
      // the services' defaults, pre-ticked boxes, which are no consent.
      hooked & 4 || ((hooked |= 4), m.watch({ update: read }));
      return m.confirmed && m.config.services.some((s: Any) => m.consents[s.name] && s.purposes.includes(c));
    },
  ],
  ['cookieconsent', (c = 'analytics') => w.CookieConsent.acceptedCategory(c)],
];

/** Reads the banners; the first present one decides. Runs at start, on each TCF event, dataLayer push and banner
 * event, and every second: the poll finds a banner that loads late, and follows those without a documented event.
 * Never throws: it runs inside the site's own dataLayer.push calls and the banners' event dispatch. */
function read(): void {
  for (const [name, get] of BANNERS) {
    let v: unknown;
    try {
      v = get(category);
    } catch {
      // this banner is absent (or not ready): the next one may decide
    }
    if (v != null) {
      set(!!v, name);
      return;
    }
  }
}

// Handed over by snippet/consent.ts, which loaded this file; absent (a page that loads this file itself), nothing runs.
const handed = (w.prospectBeacon || 0)._c as Readers | undefined;
if (handed) {
  [set, category, none] = handed;
  // A banner's own change event, where it documents one, is read at once (a withdrawal too); the poll covers the
  // others. Listened to on window in the capture phase, which also sees an event dispatched on document (CookieYes's).
  for (const t of ['OneTrustGroupsUpdated', 'CookiebotOnAccept', 'CookiebotOnDecline', 'cookieyes_consent_update', 'cc:onConsent', 'cc:onChange'])
    addEventListener(t, read, true);
  // Didomi's documented queue of listeners, which it reads when it loads and after.
  (w.didomiEventListeners = w.didomiEventListeners || []).push({ event: 'consent.changed', listener: read });
  // Follows the banner for the page's life; after 3 s without one, nothing is held ('none').
  setInterval(read, 1e3);
  setTimeout(none, 3e3);
  read();
}
