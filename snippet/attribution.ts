// Campaign attribution. A page view is a touch when its URL carries utm_* or a click id, or its referrer is
// another site. The first touch is kept for good and the latest beside it (localStorage, else memory).
// The snippet keeps whole URLs and times; the worker reads the utm_* and click ids out of the URLs and writes
// the times as dates (worker/ingest/attribution.ts): no bytes spent on either here.
import type { Touch } from '../worker/ingest/capture';
import { measure } from './consent';
import { clean, here, load, save } from './storage';

/** Not the earlier pre-release's pb_attr, whose touches had another shape: such a value is ignored, not sent. */
const STORE = 'pb_touches';
let touches: Touch[] | undefined;
/** This page view's touch, not stored yet: it waits in memory for measurement consent (snippet/consent.ts). */
let unsaved: unknown;

/** [first touch, latest touch], or [] before any. Read once per page view, off the page's load path (the first
 * localStorage access of a page costs 1-12 ms in Chromium): at idle only on a page view that is a touch (`idle`),
 * otherwise at the visitor's first focus (capture.ts) or first capture; called again when consent changes, to
 * store a touch that waited for it. */
export function recordTouch(idle?: 1): Touch[] | undefined {
  const ref = document.referrer;
  // "" (no referrer) and this site's own pages are no touch. A referrer always has a path, so origin + "/" is a
  // prefix only of this origin's pages (not of example.com.au's, nor of another port's).
  const outside = ref.indexOf(location.origin + '/') ? ref : '';
  const touch = outside || /[?&](utm_|\w*clid=|li_fat_id)/.test(location.search);
  if (!touches) {
    // Most page views are no touch: nothing to store, so nothing to read until a form needs the touches.
    if (idle && !touch) return;
    // 90 days (7,776,000,000 ms): a touch older than that is dropped (README, "Privacy"), as analytics tools
    // commonly bound a campaign's attribution window.
    touches = (load<Touch[]>(STORE) || []).filter((t) => Date.now() - t.ts < 7776e6);
    if (touch) {
      const touch: Touch = { url: here(), referrer: clean(outside), ts: Date.now() }; // the worker reads "" as none
      touches = [touches[0] || touch, touch];
      unsaved = 1;
    }
  }
  if (unsaved && measure()) save(STORE, touches), (unsaved = 0);
  return touches;
}
