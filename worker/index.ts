// The Worker's entry: routes HTTP requests (under ROUTE_PREFIX) and consumes the two queues.
import { parseConfig, type Config } from './config';
import { deliverBatch, fileDeadLetterBatch } from './delivery/consumer';
import { DEAD_LETTER_QUEUE } from './delivery/dead-letters';
import { RATE_LIMIT_RETRY_AFTER, isAllowed, requestOrigin, warnOnWildcard, withinRateLimits } from './ingest/edge';
import type { Env } from './env';
import { error, htmlPage, json, methodNotAllowed, preflight, withCors } from './http';
import type { DeliveryJob } from './delivery/job';
import { log } from './log';
import { serveConsole } from './admin/console';
import { handleAdmin } from './admin/routes';
import { serveDemo, serveDemoScript, serveThanks } from './site/demo';
import { handleForm } from './ingest/form';
import { countRefusal } from './ledger';
import { serveBanners, serveFlows, serveSnippet, serveWords } from './site/snippet';
import { eventsRoute } from './analytics/events';
import { EVENTS_QUEUE, countRefused } from './analytics/count';
import { applyRetention, consumeEvents } from './analytics/store';
import { handleSubmission } from './ingest/submissions';

export { Ledger } from './ledger';
export { PendingIndex } from './merge/erase';
export { Visit } from './merge/visit';

/** The path below ROUTE_PREFIX, or null when the request is not under it. */
export function routePath(pathname: string, prefix: string): string | null {
  const p = prefix.replace(/\/+$/, '');
  if (!p) return pathname;
  if (pathname === p) return '/';
  return pathname.startsWith(`${p}/`) ? pathname.slice(p.length) : null;
}

/** The visitor's capture limit (IP_RATE_LIMITER) alone, for a refused request: its origin is no site's to limit. */
async function ipWithinLimit(env: Env, req: Request): Promise<boolean> {
  if (env.RATE_LIMITS === 'off' || !env.IP_RATE_LIMITER) return true;
  return (await env.IP_RATE_LIMITER.limit({ key: `ip:${req.headers.get('cf-connecting-ip') ?? 'unknown'}` })).success;
}

/** The two ingest routes: allowed sites only, within the rate limits, then their handler. */
async function ingestRoute(req: Request, env: Env, ctx: ExecutionContext, kind: 'json' | 'form'): Promise<Response> {
  const origin = requestOrigin(req);
  const allowed = isAllowed(env, origin);
  // CORS answers name the Origin header only when the decision was made on it (never on a Referer, never "null").
  const cors = req.headers.get('origin') === origin ? origin : null;
  if (req.method === 'OPTIONS' && kind === 'json') return preflight(cors, allowed, 'POST');
  if (req.method !== 'POST') return withCors(methodNotAllowed(kind === 'json' ? 'POST, OPTIONS' : 'POST'), cors, allowed);
  if (!allowed) {
    log('request.refused', { code: 'origin_not_allowed', origin: origin?.slice(0, 200) });
    // Counted only within the visitor's limit: one client forging Origins cannot grow the refusal counts at will.
    if (await ipWithinLimit(env, req)) {
      countRefusal(env, ctx, 'origin_not_allowed');
      countRefused(env, ctx, origin, 'origin_not_allowed');
    }
    return kind === 'json'
      ? error('origin_not_allowed', 'this site is not in ALLOWED_ORIGINS')
      : htmlPage(403, 'Form not accepted', 'This site is not set up to send forms here.', 'origin_not_allowed');
  }
  const rate = await withinRateLimits(env, req, origin!);
  if (rate === 'misconfigured') return withCors(error('misconfigured', 'rate limiting is on but its bindings are missing'), cors, true);
  if (rate === 'rate_limited') {
    log('request.refused', { code: 'rate_limited', origin: origin!.slice(0, 200) });
    countRefusal(env, ctx, 'rate_limited');
    countRefused(env, ctx, origin, 'rate_limited');
    const headers = { 'retry-after': String(RATE_LIMIT_RETRY_AFTER) };
    if (kind === 'form') {
      const page = htmlPage(429, 'Too many submissions', 'Please wait a minute and send the form again.', 'rate_limited');
      page.headers.set('retry-after', headers['retry-after']);
      return page;
    }
    return withCors(error('rate_limited', 'too many submissions; retry later', { headers }), cors, true);
  }
  return kind === 'json' ? withCors(await handleSubmission(req, env, ctx, origin), cors, true) : handleForm(req, env, ctx, origin);
}

async function route(req: Request, env: Env, ctx: ExecutionContext, vars: Config): Promise<Response> {
  const url = new URL(req.url);
  warnOnWildcard(env, url);
  const prefix = vars.ROUTE_PREFIX;
  const path = routePath(url.pathname, prefix);
  if (path === null) return error('not_found', 'no such route');
  const read = req.method === 'GET' || req.method === 'HEAD';

  if (path === '/v1/submissions') return ingestRoute(req, env, ctx, 'json');
  if (path === '/v1/form') return ingestRoute(req, env, ctx, 'form');
  if (path === '/v1/events') return eventsRoute(req, env, ctx);
  if (path === '/healthz') return read ? json({ ok: true }) : methodNotAllowed('GET');
  if (path === '/s.js' || path === '/s.debug.js')
    return read ? serveSnippet(req, path === '/s.debug.js', prefix, env.ANALYTICS === 'off') : methodNotAllowed('GET');
  if (path === '/consent.js') return read ? serveBanners(req) : methodNotAllowed('GET');
  if (path === '/words.js') return read ? serveWords(req) : methodNotAllowed('GET');
  if (path === '/flows.js') return read ? serveFlows(req) : methodNotAllowed('GET');
  // The console's page and assets carry no data, so they come before the Bearer check in handleAdmin.
  const page = serveConsole(req, path, prefix);
  if (page) return page;
  if (path.startsWith('/admin/')) return handleAdmin(req, env, path);
  if (vars.DEMO_PAGE) {
    if (path === '/') return read ? serveDemo(prefix) : methodNotAllowed('GET');
    if (path === '/demo/app.js') return read ? serveDemoScript() : methodNotAllowed('GET');
    if (path === '/demo/thanks') return serveThanks(prefix);
  }
  return error('not_found', 'no such route');
}

export default {
  async fetch(req, env, ctx) {
    try {
      // Bad vars answer 503 (the snippet keeps the capture and retries) naming the var, until a deploy fixes them.
      const parsed = parseConfig(env);
      if (!parsed.ok) return error('misconfigured', 'the worker is misconfigured; an operator must fix the vars named in issues', { issues: parsed.issues });
      return await route(req, env, ctx, parsed.config);
    } catch (err) {
      // Last line of defence: an unexpected bug answers 503 (the snippet keeps the capture and retries), never a bare 500.
      log('request.crashed', { error: String(err).slice(0, 200) });
      // no-store: a temporary failure must not be cached, and admin answers never are (this one included).
      return error('queue_unavailable', 'temporary failure; retry later', { headers: { 'retry-after': '5', 'cache-control': 'no-store' } });
    }
  },
  async queue(batch, env, _ctx) {
    if (batch.queue === EVENTS_QUEUE) await consumeEvents(batch, env);
    else if (batch.queue === DEAD_LETTER_QUEUE) await fileDeadLetterBatch(batch, env);
    else await deliverBatch(batch, env);
  },
  // The daily cron trigger (wrangler.toml): analytics retention.
  async scheduled(_controller, env, _ctx) {
    await applyRetention(env);
  },
} satisfies ExportedHandler<Env, DeliveryJob>;
