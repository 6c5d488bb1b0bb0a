// Plumbing: what form frameworks add to a form for their own use, never data about the prospect. Shared by the
// snippet (so it never leaves the browser) and the worker (for POST /v1/form and API clients, where no snippet ran).

/** By name: Contact Form 7 and WordPress (_wpcf7*, _wpnonce, _wp_http_referer), HubSpot (hs_context, which holds
 * the visitor's HubSpot tracking-cookie value, and hutk, that value itself), Next.js server actions ($ACTION_*),
 * Gravity Forms (state_N, gform_*, is_submit_N). */
export const PLUMBING = /^(_wp|hs_context|hutk|\$action|state_\d|gform_|is_submit_)/i;

/** By name, in the worker: ASP.NET's __VIEWSTATE, __EVENTVALIDATION, __RequestVerificationToken and the other
 * "__" + capital fields (case-sensitive: a field an API client calls __proto__ is data, kept as a plain key),
 * reCAPTCHA's and hCaptcha's answers (g-recaptcha-response, h-captcha-response). The snippet's never-sent rule
 * (common/sensitive.ts: ^__, captcha) drops them in the browser already, so the snippet skips this. Not Cloudflare
 * Turnstile's cf-turnstile-response: the worker checks it, then keeps it out of the log (worker/ingest/capture.ts). */
export const TOKENS = /^__[A-Z]|captcha-response$/;

/** True for a framework's plumbing, not the prospect's data: a name above, or a hidden field's long opaque value,
 * 64+ characters without white space (a serialised state, a signed blob, a token). A campaign, plan or product
 * name is shorter or has spaces; click ids run longer (a gclid is ~100 characters), so fields named for them and for
 * utm_* keep theirs. `type`: the control's type, when known (a no-JS form posts none: only the names apply there). */
export function isPlumbing(name: string, value: string, type?: string): boolean {
  // Regexes inline, not module constants: the snippet's build is smaller so.
  return PLUMBING.test(name) || (type == 'hidden' && /^\S{64,}$/.test(value) && !/clid|braid|utm/i.test(name));
}
