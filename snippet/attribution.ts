// Campaign attribution. A page view is a touch when its URL carries utm_* or a click id, or its referrer is
// another site. The first touch is kept for good and the latest beside it (localStorage, else memory).
// The snippet keeps whole URLs; the worker reads the utm_* and click ids out of them (worker/attribution.ts).
import type { CaptureInput } from '../worker/capture';
import { here, load, save } from './storage';

type Touch = { landingPage: string; firstReferrer?: string; firstSeenAt: string };
const STORE = 'pb_attr';
let touches: [Touch?, Touch?] | undefined;

/** Once per page view, off the page's load path (the first localStorage access of a page costs 2-12 ms in
 * Chromium), or at the first capture, whichever comes first. */
export function recordTouch(): void {
  if (touches) return;
  touches = load<[Touch, Touch]>(STORE) || [];
  const ref = document.referrer;
  const outside = ref && ref.indexOf(location.origin) ? ref : undefined;
  if (outside || /[?&](utm_|\w*clid=|li_fat_id)/.test(location.search)) {
    // Long values are the worker's to clip (worker/capture.ts): no bytes spent on it here.
    const touch: Touch = { landingPage: here(), firstReferrer: outside, firstSeenAt: new Date().toISOString() };
    save(STORE, (touches = [touches[0] || touch, touch]));
  }
}

export function attribution(): CaptureInput['attribution'] {
  recordTouch();
  return Object.assign({}, touches![0], touches![1] && { lastTouch: touches![1] });
}
