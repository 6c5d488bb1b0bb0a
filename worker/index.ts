// The Worker's entry: routes HTTP requests (under ROUTE_PREFIX) and consumes the two queues.
import { deliverBatch, fileDeadLetterBatch } from './deliver';
import type { Env } from './env';
import { error, json, originAllowed, preflight, withCors } from './http';
import type { DeliveryJob } from './job';
import { handleAdmin } from './routes/admin';
import { serveDemo, serveThanks } from './routes/demo';
import { serveSnippet } from './routes/static';
import { handleSubmission } from './routes/submissions';

/** The path below ROUTE_PREFIX, or null when the request is not under it. */
export function routePath(pathname: string, prefix: string): string | null {
  const p = prefix.replace(/\/+$/, '');
  if (!p) return pathname;
  if (pathname === p) return '/';
  return pathname.startsWith(p + '/') ? pathname.slice(p.length) : null;
}

function methodNotAllowed(allow: string): Response {
  return error('method_not_allowed', `use ${allow}`, { headers: { allow } });
}

async function route(req: Request, env: Env): Promise<Response> {
  const url = new URL(req.url);
  const prefix = env.ROUTE_PREFIX.replace(/\/+$/, '');
  const path = routePath(url.pathname, prefix);
  if (path === null) return error('not_found', 'no such route');
  const read = req.method === 'GET' || req.method === 'HEAD';

  if (path === '/v1/submissions') {
    const origin = req.headers.get('origin');
    const allowed = originAllowed(origin, env.ALLOWED_ORIGINS);
    if (req.method === 'OPTIONS') return preflight(origin, allowed, 'POST');
    if (req.method !== 'POST') return withCors(methodNotAllowed('POST, OPTIONS'), origin, allowed);
    return withCors(await handleSubmission(req, env), origin, allowed);
  }
  if (path === '/healthz') return read ? json({ ok: true }) : methodNotAllowed('GET');
  if (path === '/s.js' || path === '/s.debug.js') return read ? serveSnippet(req, path === '/s.debug.js') : methodNotAllowed('GET');
  if (path.startsWith('/admin/')) return handleAdmin(req, env, path);
  if (env.DEMO_PAGE === 'true') {
    if (path === '/') return read ? serveDemo(prefix) : methodNotAllowed('GET');
    if (path === '/demo/thanks') return serveThanks(prefix);
  }
  return error('not_found', 'no such route');
}

export default {
  async fetch(req, env, _ctx) {
    try {
      return await route(req, env);
    } catch (err) {
      // Last line of defence: an unexpected bug answers 503 (the snippet keeps the capture and retries), never a bare 500.
      console.log(JSON.stringify({ level: 'error', event: 'request.crashed', error: String(err).slice(0, 200) }));
      return error('queue_unavailable', 'temporary failure; retry later', { headers: { 'retry-after': '5' } });
    }
  },
  async queue(batch, env, _ctx) {
    if (batch.queue.endsWith('dead-letters')) await fileDeadLetterBatch(batch, env);
    else await deliverBatch(batch, env);
  },
} satisfies ExportedHandler<Env, DeliveryJob>;
