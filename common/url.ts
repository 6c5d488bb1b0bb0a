// What of a URL may travel and be stored: scheme, host and path, with path segments that look like an e-mail, a
// phone number or a token replaced by :redacted, and only the query parameters of the allow-list (campaign tags and
// click ids). The worker applies it to every URL it stores, counts or forwards; the snippet applies the same rule
// before anything leaves the browser (snippet/url.ts). Also the text hygiene every stored string goes through.

/** Query parameters kept besides utm_*: ad-platform click ids and `ref`. Extended by KEEP_PARAMS / data-keep-params. */
export const KEPT_PARAMS: readonly string[] = ['gclid', 'gbraid', 'wbraid', 'dclid', 'fbclid', 'msclkid', 'li_fat_id', 'ttclid', 'twclid', 'ref'];

/** What stands in a path segment (or a kept parameter's value) that looks like personal data or a secret. */
export const REDACTED = ':redacted';

/** An e-mail address anywhere in the segment, a phone-like run of 7+ digits, a UUID, or a long opaque token
 * (20+ letters and digits with at least one digit and no hyphen, which a readable slug would have). */
export function looksPrivate(segment: string): boolean {
  let s = segment;
  try {
    s = decodeURIComponent(segment);
  } catch {
    // a stray % sign: test the raw segment
  }
  if (/[^\s@/]+@[^\s@/]+\.[^\s@/]+/.test(s)) return true;
  if (/^\+?[\d\s().-]{7,}$/.test(s) && (s.match(/\d/g) ?? []).length >= 7) return true;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)) return true;
  return /^[\w.~=+%]{20,}$/.test(s) && /\d/.test(s);
}

/** The URL as it may travel: '' when it is no http(s) URL. `keep` adds parameter names to the allow-list. */
export function minimiseUrl(input: string, keep: readonly string[] = []): string {
  if (!URL.canParse(input)) return '';
  const url = new URL(input);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return '';
  const path = url.pathname
    .split('/')
    .map((s) => (s && looksPrivate(s) ? REDACTED : s))
    .join('/');
  const query = new URLSearchParams();
  for (const [name, value] of url.searchParams) {
    if (name.startsWith('utm_') || KEPT_PARAMS.includes(name) || keep.includes(name)) query.append(name, looksPrivate(value) ? REDACTED : value);
  }
  const q = query.toString();
  // No user:password@, no fragment.
  return `${url.protocol}//${url.host}${path}${q ? `?${q}` : ''}`;
}

/** Control characters (C0 but tab, line feed and carriage return; DEL; C1) and bidi embedding, override and isolate
 * characters (U+202A-202E, U+2066-2069): they can hide or reorder what a reader sees (`bidi\u202Egnp.exe`). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** The string without control or bidi override characters; `oneLine` removes tabs and line breaks too (keys, URLs). */
export const cleanText = (s: string, oneLine = false): string => s.replace(oneLine ? UNSAFE_LINE : UNSAFE, '');
