// Operator routes, behind the ADMIN_TOKEN secret:
//   GET  /admin/stats                      captures by state, drops and dead letters by reason, refusals
//   GET  /admin/captures/<id>              where one capture is (state, reason, attempts, prospectLogId, mergedInto)
//   GET  /admin/dead-letters[?cursor=]     list (reason, status, attempts, deadAt)
//   GET  /admin/dead-letters/<id>          one, with the job that would be replayed
//   POST /admin/dead-letters/<id>/replay   back on the queue with the same idempotencyKey
import { getDeadLetter, listDeadLetters, replayDeadLetter } from '../delivery/dead-letters';
import type { Env } from '../env';
import { error, json, methodNotAllowed } from '../http';
import { ledger } from '../ledger';
import { log } from '../log';

async function tokenMatches(given: string, expected: string): Promise<boolean> {
  const enc = new TextEncoder();
  // Hash both sides so the comparison is constant-time and length-independent.
  const [a, b] = await Promise.all([crypto.subtle.digest('SHA-256', enc.encode(given)), crypto.subtle.digest('SHA-256', enc.encode(expected))]);
  return crypto.subtle.timingSafeEqual(a, b);
}

export async function handleAdmin(req: Request, env: Env, path: string): Promise<Response> {
  const auth = req.headers.get('authorization') ?? '';
  const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
  if (!env.ADMIN_TOKEN || !token || !(await tokenMatches(token, env.ADMIN_TOKEN))) {
    return error('unauthorized', env.ADMIN_TOKEN ? 'a valid Bearer token is required' : 'admin routes are off: set the ADMIN_TOKEN secret');
  }
  if (path === '/admin/stats') return req.method === 'GET' ? json(await ledger(env).stats()) : methodNotAllowed('GET');
  const capture = /^\/admin\/captures\/([A-Za-z0-9_-]+)$/.exec(path);
  if (capture) {
    if (req.method !== 'GET') return methodNotAllowed('GET');
    const record = await ledger(env).get(capture[1]!);
    return record ? json(record) : error('not_found', 'no capture with that id in the ledger');
  }
  const m = /^\/admin\/dead-letters(?:\/([A-Za-z0-9_-]+)(\/replay)?)?$/.exec(path);
  if (!m) return error('not_found', 'no such admin route');
  const [, id, replay] = m;
  if (!id) {
    if (req.method !== 'GET') return methodNotAllowed('GET');
    return json(await listDeadLetters(env, new URL(req.url).searchParams.get('cursor') ?? undefined));
  }
  if (!replay) {
    if (req.method !== 'GET') return methodNotAllowed('GET');
    const letter = await getDeadLetter(env, id);
    return letter ? json(letter) : error('not_found', 'no dead letter with that id');
  }
  if (req.method !== 'POST') return methodNotAllowed('POST');
  const result = await replayDeadLetter(env, id);
  if (!result.ok) {
    return result.reason === 'not_found'
      ? error('not_found', 'no dead letter with that id')
      : error('invalid_body', 'this dead letter holds no deliverable job; inspect it with GET');
  }
  log('dead_letter.replayed', { captureId: id });
  return json({ replayed: id }, 202);
}
