// POST /admin/erase {"email"} or {"phone"}: deletes what this service still holds about one person (GDPR
// Article 17, for this service's part; Architect holds the delivered prospect logs: README, "Privacy").
import * as v from 'valibot';
import { eraseDeadLetters, type Person } from '../delivery/dead-letters';
import { config } from '../config';
import type { Env } from '../env';
import { error, json, readBody, utf8 } from '../http';
import { normalizeEmail, normalizePhone } from '../ingest/identity';
import { log } from '../log';
import { erasePending } from '../merge/erase';

/** One store that can hold a person's data: it deletes theirs and names what it removed, and what it found on its
 * way out to Architect (deleted here, but possibly delivered: to be erased there too). A store added later joins by
 * adding its eraser to `erasers`. */
export type Eraser = (env: Env, person: Person) => Promise<{ removed: string[]; inFlight?: string[] }>;
export const erasers: Record<string, Eraser> = {
  deadLetters: async (env, person) => ({ removed: await eraseDeadLetters(env, person) }),
  // Attempts still held in a visit object, waiting to merge: deleted, so they are never delivered; a lead its visit
  // was handing to the queue at that moment is answered under inFlight instead.
  pendingLeads: async (env, person) => {
    const { erased, inFlight } = await erasePending(env, person);
    return { removed: erased, inFlight };
  },
};

// strictObject: a typo such as {"mail": …} must not answer "nothing removed".
const EraseSchema = v.union([v.strictObject({ email: v.string() }), v.strictObject({ phone: v.string() })], 'send {"email": …} or {"phone": …}');

export async function handleErase(req: Request, env: Env): Promise<Response> {
  const body = await readBody(req, 4096);
  const text = body.ok ? utf8(body.bytes) : null;
  let input: unknown;
  try {
    input = text === null ? undefined : JSON.parse(text);
  } catch {
    input = undefined;
  }
  const parsed = v.safeParse(EraseSchema, input);
  if (!parsed.success) return error('invalid_body', 'send {"email": …} or {"phone": …}', { issues: [{ path: '', message: parsed.issues[0].message }] });
  const q = parsed.output;
  // Normalised as identity.ts normalised what was delivered, so "ADA@Example.com " finds ada@example.com.
  const person: Person | undefined =
    'email' in q
      ? mapDefined(normalizeEmail(q.email), (email) => ({ email }))
      : mapDefined(normalizePhone(q.phone, config(env).DEFAULT_PHONE_REGION), (phone) => ({ phone }));
  if (!person)
    return error('invalid_body', 'not a valid e-mail address or phone number', { issues: [{ path: 'email' in q ? 'email' : 'phone', message: 'not valid' }] });
  const removed: Record<string, string[]> = {};
  const inFlight: string[] = [];
  for (const [store, erase] of Object.entries(erasers)) {
    const found = await erase(env, person);
    removed[store] = found.removed;
    inFlight.push(...(found.inFlight ?? []));
  }
  log('admin.erased', { removed: Object.values(removed).reduce((n, ids) => n + ids.length, 0), inFlight: inFlight.length });
  return json({ removed, inFlight });
}

const mapDefined = <T, U>(x: T | undefined, f: (x: T) => U): U | undefined => (x === undefined ? undefined : f(x));
