// Delivery: consent gating, the localStorage outbox, and the transport (fetch keepalive, sendBeacon as
// fallback). Every capture waits in the outbox until the worker answers; what is left goes again, with the
// same id, on the next page view (the worker and Architect dedupe by it).
import type { CaptureInput } from '../worker/ingest/capture';
import { debug, endpoint, holdAll } from './config';
import { from, measure, state } from './consent';
import { load, save } from './storage';
import { arrived, waits } from './fields';
import { LIMITS } from '../common/limits';

type Capture = CaptureInput;
const BOX = 'pb_outbox';
/** 20 captures: no visitor has more unsent; past it the oldest go first, so storage stays small. */
const OUTBOX_MAX = 20;
/** 7 days: a lead older than a week is stale for sales, and the browser should not keep it longer. */
const OUTBOX_MAX_AGE = 7 * 864e5;
/** 60,000 bytes: what keepalive requests may have in flight at once, under the 64 KiB quota (whatwg/fetch#419).
 * Past it a request goes without keepalive rather than being refused: it survives everything but an unload,
 * and then the outbox sends it on the next page view. */
const KEEPALIVE_BYTES = 6e4;
let inflight = 0;
/** Captures sent in this page view (1 a plain fetch, 2 kept alive, 3 answered): the outbox flush skips them. */
const posted: { [id: string]: number } = {};

/** The capture's consent state as it is taken (snippet/consent.ts); deliver() sets it again as the capture leaves. */
export { state as consent } from './consent';
/** With data-consent-scope="all" (or data-consent="required"), captures wait here, in memory only, for consent. */
const held: Capture[] = [];

/** document receives prospectbeacon:captured, :sent and :failed, with { id, status? }. */
export function emit(event: 'captured' | 'sent' | 'failed', id: string, status?: number): void {
  if (__DEBUG__ && debug) console.log('[prospect-beacon]', event, id, status || '');
  document.dispatchEvent(new CustomEvent('prospectbeacon:' + event, { detail: { id, status } }));
}

/** The outbox, oldest first: past its age or its count, or answered (`drop`), a capture leaves it; `add` joins
 * it. Blocked storage means no outbox: the list is still returned, for this page view only. */
function box(add?: Capture, drop?: string): Capture[] {
  const list = (load<Capture[]>(BOX) || [])
    .filter((c) => c.id != drop && Date.now() - c.ts < OUTBOX_MAX_AGE)
    .concat(add || [])
    .slice(-OUTBOX_MAX);
  save(BOX, list);
  return list;
}

/** Sends one capture. `urgent`: a navigation may follow, so the request must outlive the page (keepalive,
 * whose synchronous cost in Chromium is ~2 ms); otherwise a plain fetch, ~0.4 ms. */
function post(c: Capture, urgent?: boolean | 1): void {
  // Sent already in this page view: not again, unless the page is being left (`urgent` 1, from flush) while a plain
  // fetch of it (1) still waits for its answer, which leaving would cancel: then once more, kept alive (2).
  // Never posted (undefined) passes neither comparison.
  if (posted[c.id]! > (urgent == 1 ? 1 : 0)) return;
  posted[c.id] = urgent ? 2 : 1;
  // Under the worker's body limit (UTF-8 bytes, counted by TextEncoder: no IPC, unlike a Blob): labels are cut to
  // 100 characters first; then the largest field that is no e-mail, phone or name is cut to 500 characters, or
  // dropped when it is no longer: the lead's identity is never what goes.
  let data: string;
  let size: number;
  for (let n = 0; (size = new TextEncoder().encode((data = JSON.stringify(c))).length) > LIMITS.bodyBytes; n++) {
    let big: Capture['fields'][number] | undefined;
    for (const f of c.fields) {
      if (!n) f.label = f.label && f.label.slice(0, 100);
      if (!/mail|tel|phone|name/.test([f.type, f.autocomplete, f.role, f.name] + '') && (!big || f.value.length > big.value.length)) big = f;
    }
    if (n) big ? (big.value.length > 500 ? (big.value = big.value.slice(0, 500)) : c.fields.splice(c.fields.indexOf(big), 1)) : c.fields.pop();
  }
  const keepalive = urgent && inflight + size < KEEPALIVE_BYTES;
  if (keepalive) inflight += size;
  const done = (status?: number) => {
    posted[c.id] = 3;
    if (keepalive) inflight -= size;
    // 5xx, 408, 429 and no answer at all are worth another try; any other answer is final.
    const final = status! < 500 && status != 408 && status != 429;
    if (final) box(undefined, c.id);
    emit(final && status! < 300 ? 'sent' : 'failed', c.id, status);
  };
  // A string body goes as text/plain: no CORS preflight, so it leaves even while the page unloads.
  fetch(endpoint, { method: 'POST', body: data, keepalive }).then(
    (r) => done(r.status),
    () => {
      // keepalive quota hit, or network down: hand it to sendBeacon. It stays in the outbox either way.
      // Firefox with beacon.enabled=false has no sendBeacon: a throw here would reach the page as an unhandled rejection.
      navigator.sendBeacon && navigator.sendBeacon(endpoint, data);
      done();
    },
  );
}

/** Puts the capture in the outbox and sends it: at once and kept alive when `urgent` (a navigation may
 * follow), else on the next task, out of the site's own event handling. Or holds it for consent, or drops it
 * when the site refused consent through prospectBeacon.consent(false). */
export function deliver(c: Capture, urgent?: boolean): void {
  if (holdAll && !measure()) {
    // A banner's "denied" is held, not dropped: the visitor may still accept on this page.
    (from == 'manual' && state == 'denied') || held.push(c);
    return;
  }
  // The consent the capture leaves with, and where it came from, for the log.
  c.consent = state;
  c.consentSource = (from || 'none') as Capture['consentSource'];
  // Once, kept alive when `urgent` or run `now` by a page being left; the outbox's older captures go after this one.
  // Fields named or labelled in the scripts of /words.js before it arrived (fields.ts) hold the capture back until it is
  // there, urgent or not; a page hidden or left first (a submit that navigates) sends it without them.
  let list: Capture[] | undefined;
  const send = (now?: 1) => {
    if (list) return;
    if (waits(c.fields, now)) return (arrived.push(send), waiting.push(send));
    // Every field was one the never-sent rule keeps back: nothing to send.
    if (!c.fields.length) return;
    list = box(c);
    post(c, now || urgent);
    list.forEach((o) => post(o, now));
  };
  urgent ? send() : later(send);
}

/** Work for the next task that must not be lost if the page is left first: flush(1) runs it at once, with 1. Each
 * must do nothing the second time; the list is emptied when the page is hidden (a few captures per page view). */
const waiting: ((now?: 1) => unknown)[] = [];
export const later = (fn: (now?: 1) => unknown) => setTimeout(fn, waiting.push(fn) && 0);

/** Sends again whatever earlier page views could not deliver (bounded first), kept alive when `urgent` (the page is
 * being hidden or left); what this page view already sent is skipped, so nothing in flight goes twice. */
export function flush(urgent?: 1): void {
  if (urgent) waiting.splice(0).forEach((fn) => fn(1));
  // A visitor who never submitted has no outbox, and gets none written. Held for consent, it waits for consent.
  if ((!holdAll || measure()) && load(BOX)) box().forEach((c) => post(c, urgent));
}

/** Consent changed: the outbox goes once allowed, and each held capture is delivered again (or held again, or
 * dropped, by deliver's rule). */
export function release(): void {
  if (measure()) flush();
  for (const c of held.splice(0)) deliver(c, true);
}
