// The dimensions every analytics counter is kept by, derived at the worker from what a request already carries:
// nothing here is sent by the snippet for analytics' sake beyond the page URL and the referrer.
import * as v from 'valibot';
import { REDACTED, cleanText, minimiseUrl } from '../../common/url';
import type { Capture } from '../ingest/capture';

/** Longest kept page path, form key or field key: enough for real paths and keys, small enough for D1 rows. */
export const DIM_MAX = 200;
const dim = v.pipe(v.string(), v.maxLength(DIM_MAX));

// v.object: a message written by a newer worker version may carry more keys; they are harmless.
export const DimsSchema = v.object({
  site: dim,
  page: dim,
  form: dim,
  source: dim,
  utmSource: dim,
  utmMedium: dim,
  utmCampaign: dim,
  country: dim,
  device: dim,
});
export type Dims = v.InferOutput<typeof DimsSchema>;

/** Every key stored: one line, no control or bidi characters (they could hide or reorder what the console shows),
 * at most DIM_MAX characters. */
export const cut = (s: string | null | undefined) => cleanText(s ?? '', true).slice(0, DIM_MAX);
/** An e-mail address anywhere in a form or field key (a field named after its default value, say) is not stored. */
export const cleanKey = (s: string | null | undefined) => {
  const k = cut(s);
  return /[^\s@/]+@[^\s@/]+\.[^\s@/]+/.test(k) ? REDACTED : k;
};

/** mobile / tablet / desktop from the User-Agent, which is read here and never stored. */
export function deviceClass(ua: string | null): string {
  if (!ua) return '';
  if (/bot|crawl|spider|headless/i.test(ua)) return 'bot';
  if (/iPad|Tablet|Android(?!.*Mobile)/i.test(ua)) return 'tablet';
  return /Mobi|iPhone|Android/i.test(ua) ? 'mobile' : 'desktop';
}

/** The referrer's host without www., or '' for none or the site itself (internal navigation is no source). */
export function referrerSource(referrer: string | undefined, site: string): string {
  if (!referrer || !URL.canParse(referrer)) return '';
  const url = new URL(referrer);
  if (url.origin === site) return '';
  return cut(url.hostname.replace(/^www\./, ''));
}

/** Dimensions for one page view: the site origin the request came from, the page's path and utm_* after the URL
 * rule (common/url.ts: a path segment that looks like an e-mail, a phone number or a token is :redacted, the rest
 * of the URL dropped), the referrer's host, and Cloudflare's country and the device class of the request. */
export function dimsFor(req: Request, site: string, pageUrl: string, referrer: string | undefined, form = ''): Dims {
  const kept = minimiseUrl(pageUrl);
  const url = kept ? new URL(kept) : null;
  const q = url?.searchParams;
  return {
    site: cut(site),
    page: cut(url?.pathname),
    form: cleanKey(form),
    source: referrerSource(referrer, site),
    utmSource: cut(q?.get('utm_source')),
    utmMedium: cut(q?.get('utm_medium')),
    utmCampaign: cut(q?.get('utm_campaign')),
    country: typeof req.cf?.country === 'string' ? req.cf.country : '',
    device: deviceClass(req.headers.get('user-agent')),
  };
}

/** A capture's dimensions: the same as its page view's, with the form key the snippet sent (snippet/keys.ts). */
export function captureDims(capture: Capture, req: Request, origin: string | null): Dims {
  const f = capture.form;
  return dimsFor(req, origin ?? '', capture.page.url, capture.page.referrer, (f && (f.key || f.id || f.name)) || '');
}
