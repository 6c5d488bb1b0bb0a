// The keys that tie attempts together: the form's identity on its page, and the visit (one browser tab).
// Neither identifies a person: a form key names markup, a visit key is random and dies with the tab.
import { redact } from './storage';

/** Element.prototype's own methods: a form's property can be shadowed by a control named like it (an input
 * named "getAttribute", "matches" or "querySelectorAll" replaces form.getAttribute). These never are. */
export const P = Element.prototype;
export const attr = (el: Element, n: string) => P.getAttribute.call(el, n) || undefined;

/** A nanoid in all but the package: 21 characters of its URL-safe alphabet from crypto.getRandomValues (base64 of
 * 16 bytes, + and / both written -: 125.3 random bits where nanoid has 126, far past what an idempotency key
 * needs). nanoid's 64-character alphabet string costs 60 bytes gzip. */
export const rid = () =>
  btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
    .slice(0, 21)
    .replace(/\W/g, '-');

let visitKey: string | undefined;
/** The visit: random per browser tab, in sessionStorage (never a cookie), made at the first capture, not at load;
 * per page view where storage is blocked. */
export function visit(): string {
  if (!visitKey)
    try {
      // A stored value of another shape (written by someone else) would make the worker refuse the capture.
      const v = sessionStorage.pb_visit;
      visitKey = /^[\w-]{21}$/.test(v) ? v : (sessionStorage.pb_visit = rid());
    } catch {
      visitKey = rid();
    }
  return visitKey!;
}

/** The form's identity on its page: its id, else its name, else its action's path, else its position among the
 * page's forms ("form-2"). A formless flow passes its container, keyed the same way ("flow-0" by position). */
export function formKey(el: Element, prefix = 'form-'): string {
  const action = attr(el, 'action');
  return (
    attr(el, 'id') ||
    attr(el, 'name') ||
    // The action's path, under the URL rule: /unsubscribe/<token>/confirm is no key to send.
    (action && redact(new URL(action, location.href).pathname)) ||
    prefix + [].indexOf.call(document.querySelectorAll(el.tagName), el as never)
  );
}
