// POST /v1/events: the snippet's counts for one page view (form views, starts, abandons), validated and put on the
// events queue. Never uses the capture rate limits: it has its own, per IP, far above one visitor's page views.
import * as v from 'valibot';
import { LIMITS } from '../../common/limits';
import type { Env } from '../env';
import { error, mediaType, methodNotAllowed, preflight, readBody, secureHeaders, utf8, withCors } from '../http';
import { isAllowed, requestOrigin } from '../ingest/edge';
import { issuesOut } from '../ingest/submissions';
import { log } from '../log';
import { countRefused, sendEvent, type Row } from './count';
import { DIM_MAX, dimsFor } from './dims';

/** 8 KiB: 50 events of keys at their longest still fit; a page view sends far less (~150 bytes). */
export const EVENTS_MAX_BYTES = 8 * 1024;
/** 50 forms' worth of events per request: more forms than any real page shows. */
export const EVENTS_MAX = 50;
export const VIEW = 0;
export const START = 1;
export const ABANDON = 2;

const key = (what: string) => v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(DIM_MAX, `${what} is at most ${DIM_MAX} characters`));
// v.object: keys a newer snippet adds are harmless and ignored.
// [page URL, referrer, events]: an array, not an object, because its keys would cost the snippet bytes.
export const EventsBodySchema = v.tuple([
  /** The page's URL: only its path and utm_source / utm_medium / utm_campaign are kept. */
  v.pipe(v.string(), v.url('must be an absolute URL'), v.maxLength(LIMITS.url, `at most ${LIMITS.url} characters`)),
  /** document.referrer ('' for none): only its host is kept. */
  v.pipe(v.string(), v.maxLength(LIMITS.url, `at most ${LIMITS.url} characters`)),
  /** [form key, 0 view | 1 start | 2 abandon, the last field touched (abandons only)] */
  v.pipe(
    v.array(v.tuple([key('a form key'), v.picklist([VIEW, START, ABANDON], 'must be 0, 1 or 2'), v.optional(key('a field key'))])),
    v.minLength(1, 'must not be empty'),
    v.maxLength(EVENTS_MAX, `at most ${EVENTS_MAX} events`),
  ),
]);
export type EventsBody = v.InferInput<typeof EventsBodySchema>;

/** Per form: its counts, and the abandoned fields as tallies. */
function rowsFor(req: Request, site: string, [url, referrer, events]: v.InferOutput<typeof EventsBodySchema>): Row[] {
  const byForm = new Map<string, Row>();
  for (const [form, kind, field] of events) {
    const row = byForm.get(form) ?? { d: dimsFor(req, site, url, referrer, form), c: {}, x: [] };
    const c = (['views', 'starts', 'abandons'] as const)[kind];
    row.c[c] = (row.c[c] ?? 0) + 1;
    if (kind === ABANDON) row.x!.push(['abandon', field ?? '']);
    byForm.set(form, row);
  }
  return [...byForm.values()];
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
  // Counted when the consumer writes them; the answer need not wait for the queue.
  ctx.waitUntil(sendEvent(env, { v: 1, t: Date.now(), rows: rowsFor(req, origin, parsed.output) }));
  return new Response(null, { status: 204, headers: secureHeaders() });
}

/** The route: allowed sites only (ALLOWED_ORIGINS, as for captures), then handleEvents, with CORS for them. */
export async function eventsRoute(req: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const origin = requestOrigin(req);
  const allowed = isAllowed(env, origin);
  if (req.method === 'OPTIONS') return preflight(req.headers.get('origin'), allowed, 'POST');
  if (req.method !== 'POST') return withCors(methodNotAllowed('POST, OPTIONS'), origin, allowed);
  if (env.ANALYTICS === 'off') return withCors(new Response(null, { status: 204, headers: secureHeaders() }), origin, allowed);
  // The limit comes first, so a flood of refused requests cannot flood the events queue with refusal counts either.
  if (env.RATE_LIMITS !== 'off' && env.EVENTS_RATE_LIMITER) {
    const { success } = await env.EVENTS_RATE_LIMITER.limit({ key: `ip:${req.headers.get('cf-connecting-ip') ?? 'unknown'}` });
    if (!success) return withCors(error('rate_limited', 'too many events; retry later', { headers: { 'retry-after': '60' } }), origin, allowed);
  }
  if (!allowed) {
    countRefused(env, ctx, origin, 'origin_not_allowed');
    return error('origin_not_allowed', 'this site is not in ALLOWED_ORIGINS');
  }
  return withCors(await handleEvents(req, env, ctx, origin!), origin, true);
}
