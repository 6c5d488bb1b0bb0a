// The Worker's entry: routes HTTP requests (under ROUTE_PREFIX) and consumes the two queues.
import { parseConfig, type Config } from './config';
import { deliverBatch, fileDeadLetterBatch } from './delivery/consumer';
import { DEAD_LETTER_QUEUE } from './delivery/dead-letters';
import { RATE_LIMIT_RETRY_AFTER, isAllowed, requestOrigin, warnOnWildcard, withinRateLimits } from './ingest/edge';
import type { Env } from './env';
import { error, htmlPage, json, methodNotAllowed, preflight, withCors } from './http';
import type { DeliveryJob } from './delivery/job';
import { log } from './log';
import { handleAdmin } from './admin/routes';
import { serveDemo, serveDemoScript, serveThanks } from './site/demo';
import { handleForm } from './ingest/form';
import { countRefusal } from './ledger';
import { serveSnippet } from './site/snippet';
import { handleSubmission } from './ingest/submissions';

export { Ledger } from './ledger';

/** The path below ROUTE_PREFIX, or null when the request is not under it. */
export function routePath(pathname: string, prefix: string): string | null {
  const p = prefix.replace(/\/+$/, '');
  if (!p) return pathname;
  if (pathname === p) return '/';
  return pathname.startsWith(`${p}/`) ? pathname.slice(p.length) : null;
}

/** The two ingest routes: allowed sites only, within the rate limits, then their handler. */
async function ingestRoute(req: Request, env: Env, ctx: ExecutionContext, kind: 'json' | 'form'): Promise<Response> {
  const origin = requestOrigin(req);
  const allowed = isAllowed(env, origin);
  if (req.method === 'OPTIONS' && kind === 'json') return preflight(req.headers.get('origin'), allowed, 'POST');
  if (req.method !== 'POST') return withCors(methodNotAllowed(kind === 'json' ? 'POST, OPTIONS' : 'POST'), origin, allowed);
  if (!allowed) {
    log('request.refused', { code: 'origin_not_allowed', origin: origin?.slice(0, 200) });
    countRefusal(env, ctx, 'origin_not_allowed');
    return kind === 'json'
      ? error('origin_not_allowed', 'this site is not in ALLOWED_ORIGINS')
      : htmlPage(403, 'Form not accepted', 'This site is not set up to send forms here.', 'origin_not_allowed');
  }
  if (!(await withinRateLimits(env, req, origin!))) {
    log('request.refused', { code: 'rate_limited', origin: origin!.slice(0, 200) });
    countRefusal(env, ctx, 'rate_limited');
    const headers = { 'retry-after': String(RATE_LIMIT_RETRY_AFTER) };
    if (kind === 'form') {
      const page = htmlPage(429, 'Too many submissions', 'Please wait a minute and send the form again.', 'rate_limited');
      page.headers.set('retry-after', headers['retry-after']);
      return page;
    }
    return withCors(error('rate_limited', 'too many submissions; retry later', { headers }), origin, true);
  }
  return kind === 'json' ? withCors(await handleSubmission(req, env, ctx, origin), origin, true) : handleForm(req, env, ctx, origin);
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
  if (path === '/healthz') return read ? json({ ok: true }) : methodNotAllowed('GET');
  if (path === '/s.js' || path === '/s.debug.js') return read ? serveSnippet(req, path === '/s.debug.js') : methodNotAllowed('GET');
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
      return error('queue_unavailable', 'temporary failure; retry later', { headers: { 'retry-after': '5' } });
    }
  },
  async queue(batch, env, _ctx) {
    if (batch.queue === DEAD_LETTER_QUEUE) await fileDeadLetterBatch(batch, env);
    else await deliverBatch(batch, env);
  },
} satisfies ExportedHandler<Env, DeliveryJob>;
