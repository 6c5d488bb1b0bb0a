// Form analytics, per page view: the page view itself, one view per form, one start at its first interaction, the
// fields visitors come back to, the time from start to submit, and one abandon naming the last field touched when
// the visitor leaves without submitting. A single-page app's route change and a back/forward cache restore are new
// page views. Counts and markup keys only: no values, no cookies, no storage, no identifiers (README, "Form
// analytics"). Left out of the build when __ANALYTICS__ is false.
// storage first: the bundle's module order then packs 5 B smaller (as index.ts's, which puts this module first: 3 B).
import { clean, here } from './storage';
import { analytics, endpoint } from './config';
import { measure } from './consent';
import { formKey } from './keys';

type Guard = <F extends (...a: never[]) => unknown>(fn: F) => F;
/** [form key ('' for the page view), kind, field?, ms?]: 0 form view, 1 start, 2 abandon, 3 page view, 4 return,
 * 5 completed (worker/analytics/events.ts). */
type Ev = [string, number, string?, number?];
/** One form in one page view: when it was started (unset: not yet), whether it was submitted, the last field touched,
 * and per field 1 touched, 2 returned to (counted once). */
type Form = { s?: number; d?: 1; l?: string; f: { [field: string]: number } };

/** Runs once the page is idle: counts the page view and the forms present, then listens. */
export function count(guard: Guard): void {
  if (!analytics) return;
  let forms = new Map<HTMLFormElement, Form>();
  const q: Ev[] = [];
  /** Bodies waiting for measurement consent (consent.ts), in memory only; sent in order once it is given. */
  const held: [string, string, Ev[]][] = [];
  let url: string;
  let referrer: string;
  let path: string;
  let timer: unknown;
  /** A page view begun by a route change, not sent yet: its scan sends it even when it finds no form. */
  let fresh: unknown;
  /** Keys clipped under the worker's limit, so one odd field name cannot make it refuse the page view's counts. */
  // Trailing parts left out, not null: JSON has no undefined in an array. Filtered by truth, 0 kept: the key is never
  // empty, kind and ms may be 0, a field missing or '' goes (a call with ms always names one). 4 B less than slicing.
  const push = (f: HTMLFormElement, kind: number, field?: string, ms?: number) =>
    q.push([formKey(f).slice(0, 99), kind, field && field.slice(0, 99), ms].filter((x) => x || x === 0) as Ev);
  const scan = () => {
    let found: unknown;
    for (const f of document.forms as unknown as HTMLFormElement[]) forms.has(f) || (forms.set(f, { f: {} }), push(f, 0), (found = 1));
    return found;
  };
  // One request per page view at first, then one whenever something is left to tell: a form that appeared, a route
  // change, the page hidden or left. The body is [page URL, referrer, events], 16 events at most, under the worker's
  // 8 KiB. sendBeacon: a text/plain POST that outlives the page, ~25 B less than fetch with keepalive.
  const send = () => {
    while (q[0]) held.push([url, referrer, q.splice(0, 16)]);
    if (measure()) for (const body of held.splice(0)) navigator.sendBeacon(endpoint.replace('submissions', 'events'), JSON.stringify(body));
  };
  /** Forms mounted later (a router, a modal, a swap) are viewed when they appear: one scan per burst of DOM changes. */
  const later = () =>
    timer ||
    (timer = setTimeout(
      guard(() => ((timer = 0), (scan() || fresh) && send(), (fresh = 0))),
      99,
    ));
  /** The page view ends: a form started and not submitted is an abandon naming the last field touched. */
  const end = () => {
    forms.forEach((s, f) => s.s && !s.d && ((s.d = 1), push(f, 2, s.l)));
    send();
  };
  /** A new page view: the forms in view are counted now (`now`), or once the router has rendered the new route. */
  const begin = (ref: string, now?: unknown) => {
    forms = new Map();
    url = here();
    referrer = ref;
    path = location.pathname;
    q.push(['', 3]);
    now ? (scan(), send()) : ((fresh = 1), later());
  };
  /** A route change that changes the path: what the old route showed is counted under its URL, then the new one. */
  const route = guard(() => {
    if (location.pathname != path) {
      scan();
      end();
      // Internal navigation is no source: only the first page view carries the referrer.
      begin('');
    }
  });
  const on = (type: string, fn: (e: PageTransitionEvent) => void, target: EventTarget = window) =>
    target.addEventListener(type, guard(fn) as EventListener, true);

  /** The first focus on a field, or the first input (an autofocused field gets no focusin), starts the form; a
   * focus back on a field left for another is a return. Buttons are no field. */
  const touch = (e: Event) => {
    const t = e.target as HTMLInputElement;
    const f = t.form;
    if (!f || /sub|but|res|ima/.test(t.type)) return;
    scan();
    const s = forms.get(f)!;
    const n = t.name || t.type;
    if (s.d) return;
    s.s ? n != s.l && s.f[n] == 1 && ((s.f[n] = 2), push(f, 4, n)) : ((s.s = Date.now()), push(f, 1, n));
    s.f[n] = s.f[n] || 1;
    s.l = n;
  };
  on('focusin', touch);
  on('input', touch);
  on('submit', (e) => {
    const f = e.target as HTMLFormElement;
    scan();
    const s = forms.get(f);
    // A form sent without a field touched (filled by autofill, or restored from the back/forward cache) starts and
    // completes at once: no submission without a start. Its first submit completes it; later attempts are the same.
    if (!s || s.d) return;
    s.s || ((s.s = Date.now()), push(f, 1, 'submit'));
    s.d = 1;
    push(f, 5, s.l || 'submit', Date.now() - s.s!);
  });
  on('visibilitychange', () => document.hidden && send(), document);
  // pagehide, never unload: a page with an unload handler is kept out of the back/forward cache.
  on('pagehide', end);
  // Restored from the back/forward cache: a new page view, the same forms viewed again and to be started again.
  on('pageshow', (e) => e.persisted && begin('', 1));
  on('popstate', route);
  const nav = (window as { navigation?: EventTarget }).navigation;
  // The Navigation API sees every same-document navigation, also a router's that bypasses history.pushState;
  // without it, pushState and replaceState are wrapped. Either way, route() counts a path once.
  if (nav) on('currententrychange', route, nav);
  else
    for (const m of ['pushState', 'replaceState'] as const) {
      const orig = history[m];
      history[m] = function (this: History, ...a: Parameters<History['pushState']>) {
        orig.apply(this, a);
        route();
      };
    }
  new MutationObserver(later).observe(document, { childList: true, subtree: true });
  begin(clean(document.referrer), 1);
}
