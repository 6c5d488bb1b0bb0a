// Consent for measurement: whether form analytics and campaign-touch storage may run now, and (data-consent-scope="all",
// data-consent="required") whether submissions may leave. Set by prospectBeacon.consent() or, with data-consent="auto",
// read from the site's consent banner by snippet/banners.ts, a second file this one loads only then.
import { addScript, category, gated } from './config';

/** What the visitor chose, as captures carry it: 'granted', 'denied', or 'unknown' (no choice read). */
export let state: 'granted' | 'denied' | 'unknown' = 'unknown';
/** Where it came from: 'tcf', 'gcm', a CMP's name, 'manual', 'none' (no banner within 3 s); '' while still looking. */
export let from = '';
/** What runs at each change of state or source (index.ts pushes its one: a watch() helper cost 8 B gzip). */
export const watchers: (() => void)[] = [];
const tell = () => watchers.forEach((f) => f());

/** True while measurement is allowed: always without data-consent; with it, once granted, or when no banner showed up
 * (nothing to wait for, so nothing is held). */
export const measure = (): boolean => !gated || state == 'granted' || from == 'none';

/** Records a choice; the watchers run only when something changed (read() runs often and mostly finds the same). */
export function set(granted: boolean, source: string): void {
  const s = granted ? 'granted' : 'denied';
  if (s != state || source != from) {
    state = s;
    from = source;
    tell();
  }
}

/** What the banner readers (snippet/banners.ts) are handed: set(), the category to read, and what ends the wait when no
 * banner showed up within 3 s. */
export type Readers = [typeof set, string | undefined, () => void];

/** data-consent="auto": loads the banner readers, a second file from this worker (/consent.js, ~850 B gzip), so a page
 * whose tag does not ask for them never downloads them. They are handed what they need on the site's
 * prospectBeacon object; one that never loads (blocked, offline) leaves measurement waiting, never granted. */
export function detect(): void {
  (window as unknown as { prospectBeacon: { _c: Readers } }).prospectBeacon._c = [set, category, () => from || ((from = 'none'), tell())];
  addScript('consent.js');
}
