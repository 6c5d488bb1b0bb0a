// The wire format between snippet and worker: defined once here; the snippet imports the types only.
import * as v from 'valibot';
import { LIMITS } from '../../common/limits';
import { cleanText } from '../../common/url';

/** kebab-case, as newer Architect docs require of `source` and `type`. */
export const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** 21 characters of nanoid's URL-safe alphabet. */
export const CAPTURE_ID = /^[A-Za-z0-9_-]{21}$/;
/** A visit key: the same shape as a capture id, made once per browser tab (sessionStorage) or page view. */
export const VISIT_KEY = CAPTURE_ID;

/** Strings as a CRM can store them: no control characters (tab and line breaks stay: a message has lines), no bidi
 * overrides or isolates, lone surrogates replaced (U+FFFD). */
export const cleanString = (s: string) => cleanText(s).toWellFormed();
const str = () => v.pipe(v.string(), v.transform(cleanString));
const text = (max: number) => v.pipe(str(), v.maxLength(max, `at most ${max} characters`));
/** Page, form and attribution details are context, not the lead: an over-long one is cut here rather
 * than costing the capture (and the snippet ships no code to cut them). */
const cut = (max: number) =>
  v.pipe(
    str(),
    v.transform((s) => s.slice(0, max)),
  );
const clipped = (max: number) => v.optional(cut(max));
/** Only http(s) travels: a javascript:, data: or any other scheme becomes "" (a stored-XSS risk wherever a CRM
 * renders the link), and the capture is never refused for it. Resolved as a browser would (it strips tabs and
 * leading control characters, so `java\tscript:` is javascript:); a relative action such as /thanks stays. */
export const httpOnly = (s: string) => (/^https?:$/.test(URL.parse(s, 'https://relative.invalid/')?.protocol ?? '') ? s : '');
const link = (max: number) => v.pipe(cut(max), v.transform(httpOnly));
/** A time in ms since the epoch, at most 8.64e15 (the largest a JS Date holds, so toISOString() never throws). */
const epochMs = () => v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15));

export const SourceSchema = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(100, 'at most 100 characters'),
  v.regex(KEBAB_CASE, 'must be kebab-case (a-z, 0-9 and single hyphens)'),
);

// v.object everywhere below: keys a newer snippet adds are harmless and dropped, never forwarded.
export const FieldSchema = v.object({
  name: v.pipe(str(), v.minLength(1, 'must not be empty'), v.maxLength(LIMITS.fieldName, `at most ${LIMITS.fieldName} characters`)),
  value: text(LIMITS.fieldValue),
  type: clipped(40),
  autocomplete: clipped(LIMITS.text),
  // The snippet sends a label as the page has it; white space is folded here.
  label: v.optional(
    v.pipe(
      str(),
      v.transform((s) => s.replace(/\s+/g, ' ').trim().slice(0, LIMITS.text)),
    ),
  ),
  /** The field's data-pb-role as the page wrote it (email, phone, name, given-name, family-name, linkedin,
   * prospect-id): it wins over every heuristic in worker/ingest/identity.ts; an unknown role is ignored. */
  role: clipped(40),
});

/** A campaign touch the snippet kept: the page view's URL (utm_* and click ids are read out of it in
 * worker/ingest/attribution.ts), the referrer when it was another site, and when (ms since the epoch). */
export const TouchSchema = v.object({
  url: link(LIMITS.url),
  referrer: v.optional(link(LIMITS.url)),
  ts: epochMs(),
});

/** Where a capture's consent state came from: IAB TCF, Google Consent Mode, a consent banner's own API, the site's
 * prospectBeacon.consent() call, or none (no banner found within 3 s, or no data-consent setting). */
export const CONSENT_SOURCES = [
  'tcf',
  'gcm',
  'onetrust',
  'cookiebot',
  'usercentrics',
  'didomi',
  'cookieyes',
  'klaro',
  'cookieconsent',
  'manual',
  'none',
] as const;

/** The field Cloudflare's Turnstile widget adds to a form: its token is for the spam check, never data. */
export const TURNSTILE_FIELD = 'cf-turnstile-response';

const CaptureObject = v.object({
  v: v.literal(1, 'must be 1'),
  id: v.pipe(v.string(), v.regex(CAPTURE_ID, 'must be a 21-character nanoid')),
  source: v.optional(SourceSchema),
  page: v.object({
    url: v.pipe(
      v.string(),
      v.url('must be an absolute URL'),
      // Absolute but not http(s) (javascript:, data:): "" rather than a refusal, so the lead is kept.
      v.transform((s) => httpOnly(s.slice(0, LIMITS.url))),
    ),
    title: clipped(LIMITS.text),
    referrer: v.optional(link(LIMITS.url)),
  }),
  form: v.optional(
    v.object({
      id: clipped(LIMITS.text),
      name: clipped(LIMITS.text),
      action: v.optional(link(LIMITS.url)),
      method: clipped(10),
      /** The form's identity on its page (snippet/keys.ts): attempts of one form in one visit merge by it. */
      key: clipped(LIMITS.text),
      /** data-pb-source / data-pb-type on the form, as the page wrote them: the worker checks them against the
       * contract and falls back to the defaults (with a log line) when one is invalid, never refusing the lead. */
      source: clipped(LIMITS.text),
      type: clipped(LIMITS.text),
    }),
  ),
  /** Random per browser tab (sessionStorage; per page view where storage is blocked), never a cookie: attempts of
   * the same form in the same visit merge into one lead. Absent (an older snippet, an API client, POST /v1/form):
   * delivered as it is, unmerged. */
  visit: v.optional(v.pipe(v.string(), v.regex(VISIT_KEY, 'must be a 21-character nanoid'))),
  fields: v.pipe(v.array(FieldSchema), v.maxLength(LIMITS.fields, `at most ${LIMITS.fields} fields`)),
  /** The first campaign touch, then the latest (the same one on a first visit). */
  touches: v.optional(v.pipe(v.array(TouchSchema), v.maxLength(2, 'at most 2 touches'))),
  consent: v.optional(v.picklist(['granted', 'denied', 'unknown']), 'unknown'),
  /** Where the consent state came from (snippet/consent.ts); absent from older snippets. An unknown name is dropped, not
   * refused: the lead matters more than the label. */
  consentSource: v.fallback(v.optional(v.picklist(CONSENT_SOURCES)), undefined),
  ts: epochMs(),
  /** Set by the snippet when a honeypot field was filled: the worker drops the capture. */
  bot: v.optional(v.boolean()),
  /** Milliseconds from page load to submit (performance.now()): a form filled faster than MIN_FILL_MS is a bot's. */
  elapsed: v.optional(v.pipe(v.number(), v.minValue(0))),
});

/** A capture. The page's Turnstile token arrives as the form has it, a field named cf-turnstile-response (from
 * the snippet or a plain form post): it is taken out of the fields here into `turnstile`, verified when
 * TURNSTILE_SECRET is set (worker/ingest/spam.ts), and never delivered. */
export const CaptureSchema = v.pipe(
  CaptureObject,
  v.transform((capture: v.InferOutput<typeof CaptureObject>): v.InferOutput<typeof CaptureObject> & { turnstile?: string } => {
    const token = capture.fields.find((f) => f.name === TURNSTILE_FIELD);
    if (!token) return capture;
    return { ...capture, fields: capture.fields.filter((f) => f.name !== TURNSTILE_FIELD), turnstile: token.value.slice(0, LIMITS.url) };
  }),
);

export type CaptureInput = v.InferInput<typeof CaptureSchema>;
export type Capture = v.InferOutput<typeof CaptureSchema>;
export type CaptureField = v.InferOutput<typeof FieldSchema>;
export type Touch = v.InferOutput<typeof TouchSchema>;
