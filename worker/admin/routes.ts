// Operator routes, behind the ADMIN_TOKEN secret (worker/admin/auth.ts); every answer is `Cache-Control: no-store`:
//   GET    /admin/stats                      captures by state, drops and dead letters by reason, refusals
//   GET    /admin/captures/<id>              where one capture is (state, reason, attempts, prospectLogId, mergedInto)
//   GET    /admin/dead-letters[?cursor=]     list (reason, status, attempts, deadAt, expiresAt)
//   GET    /admin/dead-letters/<id>          one, with the job that would be replayed
//   DELETE /admin/dead-letters/<id>          removes it (its personal data with it)
//   POST   /admin/dead-letters/<id>/replay   back on the queue with the same idempotencyKey
//   POST   /admin/erase {"email"|"phone"}    deletes one person's data held here (worker/admin/erase.ts)
//   GET    /admin/api/…                      form analytics for the console (worker/admin/api.ts)
//   POST   /admin/api/share {"days","filters"} a read-only share link, which reads /admin/api/… (worker/admin/share.ts)
import { CAPTURE_ID } from '../ingest/capture';
import { deleteDeadLetter, getDeadLetter, listDeadLetters, replayDeadLetter } from '../delivery/dead-letters';
import type { Env } from '../env';
import { handleApi } from './api';
import { error, json, methodNotAllowed } from '../http';
import { ledger } from '../ledger';
import { log } from '../log';
import { authorize } from './auth';
import { handleErase } from './erase';
import { createShare, shareRead } from './share';

/** A dead letter's id: a capture id, or invalid-<queue message id>; checked before any storage call. */
const DEAD_LETTER_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Admin answers hold personal data: no cache, shared or private, may keep them. */
export async function handleAdmin(req: Request, env: Env, path: string): Promise<Response> {
  const res = await route(req, env, path);
  const out = new Response(res.body, res);
  out.headers.set('cache-control', 'no-store');
  return out;
}

async function route(req: Request, env: Env, path: string): Promise<Response> {
  const shared = await shareRead(req, env, path, (fixed) => handleApi(fixed, env, path));
  if (shared) return shared;
  const refused = await authorize(req, env);
  if (refused) return refused;
  if (path === '/admin/api/share') return createShare(req, env, path);
  if (path.startsWith('/admin/api/')) return handleApi(req, env, path);
  if (path === '/admin/stats') return req.method === 'GET' ? json(await ledger(env).stats()) : methodNotAllowed('GET');
  if (path === '/admin/erase') return req.method === 'POST' ? handleErase(req, env) : methodNotAllowed('POST');
  const capture = /^\/admin\/captures\/([^/]*)$/.exec(path);
  if (capture) {
    if (req.method !== 'GET') return methodNotAllowed('GET');
    if (!CAPTURE_ID.test(capture[1]!)) return badId();
    const record = await ledger(env).get(capture[1]!);
    return record ? json(record) : error('not_found', 'no capture with that id in the ledger');
  }
  const m = /^\/admin\/dead-letters(?:\/([^/]*)(\/replay)?)?$/.exec(path);
  if (!m) return error('not_found', 'no such admin route');
  const [, id, replay] = m;
  if (id === undefined) {
    if (req.method !== 'GET') return methodNotAllowed('GET');
    return json(await listDeadLetters(env, new URL(req.url).searchParams.get('cursor') ?? undefined));
  }
  if (!DEAD_LETTER_ID.test(id)) return badId();
  if (!replay) {
    if (req.method === 'DELETE') {
      if (!(await deleteDeadLetter(env, id))) return error('not_found', 'no dead letter with that id');
      log('dead_letter.deleted', { captureId: id });
      return json({ deleted: id });
    }
    if (req.method !== 'GET') return methodNotAllowed('GET, DELETE');
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

const badId = () => error('invalid_body', 'malformed id', { issues: [{ path: 'id', message: 'letters, digits, _ and - only (at most 100)' }] });
