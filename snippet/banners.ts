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
let hooked: Any; // __tcfapi (bit 1) and dataLayer.push (bit 2) are hooked once each

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
      return m.config.services.some((s: Any) => m.consents[s.name] && s.purposes.includes(c));
    },
  ],
  ['cookieconsent', (c = 'analytics') => w.CookieConsent.acceptedCategory(c)],
];

/** Reads the banners; the first present one decides. Runs at start, on each TCF event and dataLayer push, and every
 * second: a poll of the globals costs fewer bytes than each CMP's own events (~85 B gzip for seven listeners) and also
 * finds a banner that loads late. Never throws: it runs inside the site's own dataLayer.push calls. */
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
  // Follows the banner for the page's life; after 3 s without one, nothing is held ('none').
  setInterval(read, 1e3);
  setTimeout(none, 3e3);
  read();
}
