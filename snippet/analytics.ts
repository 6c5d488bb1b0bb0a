// Form analytics: per page view, one view per form, one start at its first interaction, one abandon naming the last
// field touched when the visitor leaves without submitting. Counts and markup keys only: no values, no cookies, no
// storage, no identifiers (README, "Form analytics"). Left out of the build when __ANALYTICS__ is false.
import { analytics, endpoint } from './config';
import { formKey } from './keys';
import { clean, here } from './storage';

type Guard = <F extends (...a: never[]) => unknown>(fn: F) => F;

/** Runs once the page is idle: counts the forms present, then listens. */
export function count(guard: Guard): void {
  if (!analytics) return;
  /** Per form seen: 0 viewed, 1 submitted (or its abandon sent), else the name of the last field touched (started). */
  const forms = new Map<HTMLFormElement, 0 | 1 | string>();
  let q: [string, number, string?][] = [];
  // No MutationObserver for forms inserted later: a re-scan at each focus in a form counts the ones the funnel needs
  // (a late form never touched goes uncounted) for ~5 B instead of ~40, and no work on every DOM change.
  const scan = () => {
    for (const f of document.forms as unknown as HTMLFormElement[]) forms.has(f) || (forms.set(f, 0), q.push([formKey(f), 0]));
  };
  // One request per page view, one more at pagehide when something is left (starts, abandons, late forms). The body is
  // [page URL, referrer, events] (worker/analytics/events.ts): an array, 4 B less than an object with keys.
  const send = () => {
    // sendBeacon: a text/plain POST that outlives the page, ~25 B less than fetch with keepalive.
    q[0] && navigator.sendBeacon(endpoint.replace('submissions', 'events'), JSON.stringify([here(), clean(document.referrer), q]));
    q = [];
  };
  const on = (type: string, fn: (e: Event) => void) => addEventListener(type, guard(fn), true);
  on('focusin', (e) => {
    const t = e.target as HTMLInputElement;
    const f = t.form;
    if (!f) return;
    scan();
    // After scan() the form is in the map: 0 (falsy) until its first interaction.
    forms.get(f) || q.push([formKey(f), 1]);
    forms.get(f) !== 1 && forms.set(f, t.name || t.type);
  });
  on('submit', (e) => forms.set(e.target as HTMLFormElement, 1));
  on('pagehide', () => {
    // s[0]: only a field name (a started form) has a first character; 0 and 1 have none.
    forms.forEach((s, f) => (s as string)[0] && (q.push([formKey(f), 2, s as string]), forms.set(f, 1)));
    send();
  });
  scan();
  send();
}
