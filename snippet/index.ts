// Entry: reads config, records attribution, wires listeners, exposes window.prospectBeacon.
// Nothing else runs at load, and no exception ever leaves the snippet.
// analytics first and capture last: the bundle's module order then packs 6 B smaller.
import { count } from './analytics';
import { recordTouch } from './attribution';
import { auto, readConfig, respectGpc } from './config';
import { detect, measure, set, watchers } from './consent';
import { add, need, type Fields } from './fields';
import { flush, release } from './send';
import { captureForm, flows, listen, record } from './capture';

type Target = HTMLFormElement | { [name: string]: unknown };
type Options = { source?: string; form?: string };
type Api = ((method: 'capture' | 'consent', ...args: never[]) => unknown) & {
  q?: ArrayLike<unknown>[];
  capture?: (target: Target, options?: Options) => string | undefined;
  consent?: (granted: boolean) => void;
};
/** window, with the snippet's global. Cast where used, not aliased: `window.prospectBeacon` as in the other modules (7 B). */
type Site = { prospectBeacon?: Api };

/** fn, with any error it throws swallowed: the host page must never see one of ours. */
const guard = <F extends (...a: never[]) => unknown>(fn: F): F =>
  ((...a: Parameters<F>) => {
    try {
      return fn(...a);
    } catch (err) {
      if (__DEBUG__ && console) console.warn('[prospect-beacon]', err);
    }
  }) as F;

guard(() => {
  readConfig();
  if (respectGpc && (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl) return;
  listen(guard);

  const api: Api = (method, ...args) => (api[method] as (...a: never[]) => unknown)(...args);
  /** prospectBeacon.capture(form) or prospectBeacon.capture({ email: … }, { source, form }): the capture id. */
  api.capture = guard((target: Target, options: Options = {}) => {
    if (target instanceof HTMLFormElement) return captureForm(target, null, true);
    const fields: Fields = [];
    for (const name in target) add(fields, name, target[name]);
    return record(fields, options.form ? { id: options.form } : undefined, options.source);
  });
  api.consent = guard((granted: boolean) => set(granted, 'manual'));

  // Form analytics starts with measurement consent, and its handlers do nothing while it is withdrawn.
  let counting: unknown;
  const start = () => {
    recordTouch(1);
    if (__ANALYTICS__ && !counting && measure())
      count((counting = <F extends (...a: never[]) => unknown>(fn: F) => guard(((...a) => measure() && fn(...a)) as F)));
  };
  // Storage work waits until the page is idle: it is the costly part of starting (see attribution.ts). With form
  // analytics, a page left before it was ever idle runs it at pagehide, so its page view is still counted.
  let idle: (() => void) | 0 = guard(() => {
    if (idle) {
      idle = 0;
      start();
      if (__CONSENT__ && auto) detect();
      // A page in Cyrillic, Devanagari, Japanese, Chinese or Korean gets those scripts' words now, long before a submit:
      // its title, or its forms' markup (labels, placeholders, button values). A page whose forms have a plain button (a
      // wizard's) gets the flows' click handler now too. Last: neither may cost the page its touch or its counts.
      const text = document.title + [].map.call(document.forms, (f: HTMLFormElement) => f.innerHTML);
      need(text);
      flows(text);
    }
  });
  // Consent changed (snippet/consent.ts): held captures go at once if they may (a consent given before the page was
  // idle too), a waiting touch is stored and analytics starts once the page is idle.
  watchers.push(guard(() => (release(), idle || start())));
  (window.requestIdleCallback || setTimeout)(idle);
  if (__ANALYTICS__) addEventListener('pagehide', idle);
  // What earlier page views could not deliver goes again when this one is hidden or left (kept alive), not at load:
  // reading the outbox is the first storage access of a page, its costliest moment. A capture flushes it too.
  const hide = guard((e: Event) => (e.type == 'pagehide' || document.hidden) && flush(1));
  addEventListener('pagehide', hide);
  addEventListener('visibilitychange', hide);
  // Calls made through the queue stub before this script loaded run now, in order.
  const queued = ((window as Site).prospectBeacon || {}).q;
  (window as Site).prospectBeacon = api;
  if (queued) for (const args of queued) guard(api)(...(args as unknown as [never])); // `arguments` objects, iterable
})();
