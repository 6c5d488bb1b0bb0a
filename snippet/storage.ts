import { EMAIL, KEPT_PARAM, PRIVATE, REDACTED } from '../common/url';
import { keepParams } from './config';

// Page helpers. Web storage that never throws (blocked storage, Safari private mode, full quota): a read gives
// undefined, a write does nothing. `tab`: sessionStorage (this tab only), else localStorage.

export function load<T>(key: string, tab?: boolean): T | undefined {
  try {
    return JSON.parse((tab ? sessionStorage : localStorage)[key]);
  } catch {
    // blocked, or nothing stored yet
  }
}

export function save(key: string, value: unknown, tab?: boolean): void {
  try {
    (tab ? sessionStorage : localStorage)[key] = JSON.stringify(value);
  } catch {
    // storage blocked: the in-memory copy is all there is
  }
}

/** A URL as it may leave the browser (common/url.ts, the rule the worker applies again): scheme, host and path, path
 * segments that look like an e-mail, a phone number or a token as :redacted, only the allow-listed query parameters
 * (their values redacted the same way), no fragment, no user:password. '' for no URL. A GET form puts what the visitor
 * typed in the next page's query, and a campaign link may carry ?email=: neither leaves. */
export function clean(href: string | Location): string {
  // No referrer (most page views): no URL to parse, no exception to catch.
  if (!href) return '';
  try {
    // The page's own URL comes parsed (location): no URL object to build for it, the commonest call.
    const u = typeof href == 'string' ? new URL(href) : href;
    const q = new URLSearchParams();
    // Values come decoded from URLSearchParams (a kept one is redacted only for an e-mail in it: click ids are tokens
    // by nature); path segments are tested as written (PRIVATE knows %40 and %20).
    new URLSearchParams(u.search).forEach((v, k) => (KEPT_PARAM.test(k) || keepParams.indexOf(k) + 1) && q.append(k, EMAIL.test(v) ? REDACTED : v));
    // An about: or file: page (no host) sends only its scheme.
    return u.host ? u.origin + redact(u.pathname) + (q + '' ? '?' + q : '') : u.protocol;
  } catch {
    return '';
  }
}

/** A path with each segment that looks like an e-mail, a phone number or a token as :redacted (common/url.ts). */
export const redact = (path: string) => path.replace(/[^/]+/g, (s) => (PRIVATE.test(s) ? REDACTED : s));

/** This page's URL as it may leave the browser (see clean). */
export const here = () => clean(location);
