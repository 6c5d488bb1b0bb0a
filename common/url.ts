// What of a URL may travel and be stored: scheme, host and path, with path segments that look like an e-mail, a
// phone number or a token replaced by :redacted, and only the query parameters of the allow-list (campaign tags and
// click ids), no fragment. The snippet applies it before anything leaves the browser (snippet/storage.ts) and the
// worker again to every URL it stores, counts or forwards (API clients and no-JS forms have no snippet). Also the
// text hygiene every stored string goes through.

/** Query parameters kept: utm_*, ad-platform click ids and `ref`. Extended by data-keep-params / KEEP_PARAMS. */
// \w*clk?id: gclid, dclid, fbclid, msclkid, ttclid, twclid (and any other *clid); \w+braid: gbraid, wbraid.
export const KEPT_PARAM = /^(utm_\w+|\w*clk?id|\w+braid|li_fat_id|ref)$/;

/** A path segment that is personal data or a secret: anything with an @ (an e-mail address),
 * 7 or more digits written as a phone number, a UUID or a hex digest, or a long opaque token (20+ letters and digits with at least one
 * digit and no hyphen, which a readable slug would have). The worker tests segments decoded; the snippet, to save
 * bytes, as written, so `%40` (an encoded @) and `%` (an encoded space in a phone number) are in the rule too. */
export const PRIVATE = /@|%40|^\+?(?=(?:\D*\d){7})[\d\s().%-]+$|^[\da-f-]{32,}$|^(?=\D*\d)[\w.~=+%]{20,}$/i;

/** An e-mail address in a (decoded) parameter value. */
export const EMAIL = /@/;

/** What stands in for a path segment or parameter value that looks private. */
export const REDACTED = ':redacted';

/** A path segment or parameter value, decoded where it decodes, tested against PRIVATE. */
export function looksPrivate(segment: string): boolean {
  let s = segment;
  try {
    s = decodeURIComponent(segment);
  } catch {
    // a stray % sign: test it as it is
  }
  return PRIVATE.test(s);
}

/** The URL as it may travel: '' when it is no http(s) URL. `keep`: parameter names kept besides KEPT_PARAM.
 * A relative URL (a form's action) is minimised against `base` and stays relative when no base is given. */
export function minimiseUrl(input: string, keep: readonly string[] = [], base?: string): string {
  if (!input) return '';
  const relative = !URL.canParse(input) && !base;
  const url = URL.parse(input, base ?? 'https://relative.invalid/');
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return '';
  const path = url.pathname
    .split('/')
    .map((s) => (s && looksPrivate(s) ? REDACTED : s))
    .join('/');
  const query = new URLSearchParams();
  for (const [name, value] of url.searchParams) {
    // A kept value is redacted only when it holds an e-mail address: click ids and campaign names are long tokens and
    // numbers by nature (a 32-hex msclkid, a UUID li_fat_id), which the path rule would take for secrets.
    if (KEPT_PARAM.test(name) || keep.includes(name)) query.append(name, EMAIL.test(value) ? REDACTED : value);
  }
  const q = query.toString();
  // No user:password@, no fragment.
  return `${relative ? '' : `${url.protocol}//${url.host}`}${path}${q ? `?${q}` : ''}`;
}

/** Control characters (C0 but tab, line feed and carriage return; DEL; C1) and bidi embedding, override and isolate
 * characters (U+202A-202E, U+2066-2069): they can hide or reorder what a reader sees (`bidi\u202Egnp.exe`). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** The string without control or bidi override characters; `oneLine` removes tabs and line breaks too (keys, URLs). */
export const cleanText = (s: string, oneLine = false): string => s.replace(oneLine ? UNSAFE_LINE : UNSAFE, '');
