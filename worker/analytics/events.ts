// POST /v1/events: the snippet's counts for one page view (the page view, form views, starts, abandons, returns to a
// field, completions), validated and put on the events queue. Never uses the capture rate limits: it has its own,
// per visitor IP and per site, far above one visitor's page views and one site's traffic.
import * as v from 'valibot';
import { LIMITS } from '../../common/limits';
import type { Env } from '../env';
import { error, mediaType, methodNotAllowed, preflight, readBody, secureHeaders, utf8, withCors } from '../http';
import { isAllowed, requestOrigin } from '../ingest/edge';
import { issuesOut } from '../ingest/submissions';
import { log } from '../log';
import { completionBin, countRefused, sendEvent, type Row } from './count';
import { DIM_MAX, cleanKey, dimsFor } from './dims';

/** 8 KiB: 50 events of keys at their longest still fit; a page view sends far less (~150 bytes). */
export const EVENTS_MAX_BYTES = 8 * 1024;
/** 50 forms' worth of events per request: more forms than any real page shows. */
export const EVENTS_MAX = 50;
export const VIEW = 0;
export const START = 1;
export const ABANDON = 2;
export const PAGE_VIEW = 3;
export const RETURN = 4;
export const COMPLETED = 5;
/** 24 h: the longest start-to-submit time counted (a tab left open overnight); longer is no measurement. */
export const COMPLETION_MAX_MS = 86_400_000;

/** [form key ('' for a page view), kind, field (start: the first; abandon: the last; return: the one came back to),
 * ms (completed: start to submit)]. v.tuple: items a newer snippet appends are ignored. */
const EventSchema = v.pipe(
  v.tuple([
    v.pipe(v.string(), v.maxLength(DIM_MAX, `a form key is at most ${DIM_MAX} characters`)),
    v.picklist([VIEW, START, ABANDON, PAGE_VIEW, RETURN, COMPLETED], 'must be a whole number from 0 to 5'),
    // '' or null when there is none and ms follows (a completion): JSON has no holes in arrays.
    v.optional(v.nullable(v.pipe(v.string(), v.maxLength(DIM_MAX, `a field key is at most ${DIM_MAX} characters`)))),
    v.optional(
      v.pipe(v.number(), v.integer('must be whole milliseconds'), v.minValue(0, 'must not be negative'), v.maxValue(COMPLETION_MAX_MS, 'at most 24 h')),
    ),
  ]),
  v.forward(
    v.check(([form, kind]) => form !== '' || kind === PAGE_VIEW, 'must not be empty (only a page view has no form key)'),
    [0],
  ),
);
// [page URL, referrer, events]: an array, not an object, because its keys would cost the snippet bytes.
export const EventsBodySchema = v.tuple([
  /** The page's URL: only its path and utm_source / utm_medium / utm_campaign are kept (common/url.ts's rule). */
  v.pipe(v.string(), v.url('must be an absolute URL'), v.maxLength(LIMITS.url, `at most ${LIMITS.url} characters`)),
  /** document.referrer ('' for none): only its host is kept. */
  v.pipe(v.string(), v.maxLength(LIMITS.url, `at most ${LIMITS.url} characters`)),
  v.pipe(v.array(EventSchema), v.minLength(1, 'must not be empty'), v.maxLength(EVENTS_MAX, `at most ${EVENTS_MAX} events`)),
]);
export type EventsBody = v.InferInput<typeof EventsBodySchema>;

/** Per form (the page view on the page's own row, form ''): its counts, and field keys and completion bins as tallies. */
export function rowsFor(req: Request, site: string, [url, referrer, events]: v.InferOutput<typeof EventsBodySchema>): Row[] {
  const byForm = new Map<string, Row>();
  for (const [rawForm, kind, rawField, ms] of events) {
    const form = kind === PAGE_VIEW ? '' : cleanKey(rawForm);
    // A key of nothing but control characters is no key: it would land on the page's own row.
    if (kind !== PAGE_VIEW && !form) continue;
    const row = byForm.get(form) ?? { d: dimsFor(req, site, url, referrer, form), c: {}, x: [] };
    byForm.set(form, row);
    const add = (c: keyof Row['c']) => {
      row.c[c] = (row.c[c] ?? 0) + 1;
    };
    const field = cleanKey(rawField);
    if (kind === VIEW) add('views');
    else if (kind === START) add('starts');
    else if (kind === PAGE_VIEW) add('pageviews');
    else if (kind === ABANDON) {
      add('abandons');
      row.x!.push(['abandon', field]);
    } else if (kind === RETURN) {
      if (field) row.x!.push(['return', field]);
    } else if (ms !== undefined) row.x!.push(['complete', String(completionBin(ms))]);
  }
  return [...byForm.values()].filter((r) => Object.keys(r.c).length || r.x!.length);
}

export async function handleEvents(req: Request, env: Env, ctx: ExecutionContext, origin: string): Promise<Response> {
  const invalid = (message: string, issues: { path: string; message: string }[]) => {
    log('events.rejected', { code: 'invalid_body', path: issues[0]?.path });
    return error('invalid_body', message, { issues });
  };
  if (!['text/plain', 'application/json'].includes(mediaType(req))) return error('unsupported_media_type', 'send events as text/plain or application/json');
  const body = await readBody(req, EVENTS_MAX_BYTES);
  if (!body.ok) return error('payload_too_large', `events are at most ${EVENTS_MAX_BYTES} bytes`);
  const text = utf8(body.bytes);
  let raw: unknown;
  try {
    raw = JSON.parse(text ?? '');
  } catch {
    return invalid('the body is not JSON', [{ path: '', message: 'not JSON' }]);
  }
  const parsed = v.safeParse(EventsBodySchema, raw);
  if (!parsed.success) return invalid('the events do not match the wire format', issuesOut(parsed.issues));
  const rows = rowsFor(req, origin, parsed.output);
  // Counted when the consumer writes them; the answer need not wait for the queue.
  if (rows.length) ctx.waitUntil(sendEvent(env, { v: 1, t: Date.now(), rows }));
  return new Response(null, { status: 204, headers: secureHeaders() });
}

/** One limit of the events route: true when `key` is within it (or the limits are off / the binding absent). */
async function within(env: Env, limiter: RateLimit | undefined, key: string): Promise<boolean> {
  if (env.RATE_LIMITS === 'off' || !limiter) return true;
  return (await limiter.limit({ key })).success;
}

/** The route: allowed sites only (ALLOWED_ORIGINS, as for captures), within the visitor's limit and then the site's,
 * then handleEvents, with CORS for them. */
export async function eventsRoute(req: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const origin = requestOrigin(req);
  const allowed = isAllowed(env, origin);
  // As the capture routes answer (worker/index.ts): CORS names the Origin header only when the decision was made on
  // it, never an origin read from a Referer, never "null".
  const cors = req.headers.get('origin') === origin ? origin : null;
  if (req.method === 'OPTIONS') return preflight(cors, allowed, 'POST');
  if (req.method !== 'POST') return withCors(methodNotAllowed('POST, OPTIONS'), cors, allowed);
  if (env.ANALYTICS === 'off') return withCors(new Response(null, { status: 204, headers: secureHeaders() }), cors, allowed);
  const limited = () => withCors(error('rate_limited', 'too many events; retry later', { headers: { 'retry-after': '60' } }), cors, allowed);
  // The visitor's limit comes first, so a flood of refused requests cannot flood the events queue with refusal counts.
  if (!(await within(env, env.EVENTS_RATE_LIMITER, `ip:${req.headers.get('cf-connecting-ip') ?? 'unknown'}`))) return limited();
  if (!allowed) {
    countRefused(env, ctx, origin, 'origin_not_allowed');
    return error('origin_not_allowed', 'this site is not in ALLOWED_ORIGINS');
  }
  // Then the site's: many clients together cannot count more for one site than a busy real one sends.
  if (!(await within(env, env.SITE_EVENTS_RATE_LIMITER, `site:${origin}`))) return limited();
  return withCors(await handleEvents(req, env, ctx, origin!), cors, true);
}
