// Spam signals that need no change to the host form: honeypots, inhumanly fast submits, and (when configured)
// Cloudflare Turnstile. A spam capture is answered like any other (bots learn nothing) but never enqueued.
import * as v from 'valibot';
import { HONEYPOT } from '../../common/sensitive';
import type { Capture } from './capture';
import { config } from '../config';
import type { Env } from '../env';
import { log } from '../log';

export type DropReason = 'honeypot' | 'too_fast' | 'turnstile_missing' | 'turnstile_failed';

/** Cloudflare's documented endpoint (developers.cloudflare.com/turnstile/get-started/server-side-validation). Fixed,
 * not a var: the secret goes with every call. The tests answer it with the stand-in (vitest.config.ts). */
export const TURNSTILE_VERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

const SiteverifySchema = v.object({ success: v.boolean() });

/** success, failure, or "could not ask" (then the capture is kept: a lead is not lost to an outage). */
async function verifyTurnstile(env: Env, token: string, ip: string | null): Promise<'ok' | 'failed' | 'unavailable'> {
  const form = new FormData();
  form.set('secret', env.TURNSTILE_SECRET!);
  form.set('response', token);
  if (ip) form.set('remoteip', ip);
  try {
    const res = await fetch(TURNSTILE_VERIFY_URL, { method: 'POST', body: form, signal: AbortSignal.timeout(3000) });
    if (!res.ok) return 'unavailable';
    const parsed = v.safeParse(SiteverifySchema, await res.json());
    return !parsed.success ? 'unavailable' : parsed.output.success ? 'ok' : 'failed';
  } catch {
    return 'unavailable';
  }
}

export async function spamReason(capture: Capture, env: Env, ip: string | null): Promise<DropReason | undefined> {
  if (capture.bot || capture.fields.some((f) => HONEYPOT.test(f.name) && f.value)) return 'honeypot';
  if (capture.elapsed !== undefined && capture.elapsed < config(env).MIN_FILL_MS) return 'too_fast';
  if (env.TURNSTILE_SECRET) {
    if (!capture.turnstile) return 'turnstile_missing';
    const verdict = await verifyTurnstile(env, capture.turnstile, ip);
    if (verdict === 'failed') return 'turnstile_failed';
    if (verdict === 'unavailable') log('turnstile.unavailable', { captureId: capture.id });
  }
  return undefined;
}
