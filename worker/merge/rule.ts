// The merge rule for attempts of one form in one visit, kept pure so it is tested table-driven
// (test/worker/merge.test.ts); worker/merge/visit.ts applies it to what it holds.
import type { Capture, CaptureField } from '../ingest/capture';
import { extractIdentity, type Identity } from '../ingest/identity';

/** What tells two leads apart: the normalised e-mail and E.164 phone (worker/ingest/identity.ts). */
export type LeadKey = Pick<Identity, 'email' | 'phoneNumber'>;

/** 20 attempts: far above a person fixing a form, low enough that a script replaying one visit key cannot grow
 * one lead without bound; the 21st starts a new lead. */
export const MAX_ATTEMPTS_PER_LEAD = 20;
/** 64 KiB of merged fields: two full captures (LIMITS.bodyBytes each) fit, and the queue message stays far under
 * Cloudflare Queues' 128 KB. A merge that would pass it starts a new lead instead of losing fields. */
export const MAX_MERGED_BYTES = 64 * 1024;

/** Fields of a later attempt over an earlier one: a name the later attempt has takes its values (all of them, for
 * a name used more than once) in the earlier place; a name only the earlier attempt had is kept; new names follow. */
export function mergeFields(earlier: readonly CaptureField[], later: readonly CaptureField[]): CaptureField[] {
  const byName = new Map<string, CaptureField[]>();
  for (const f of later) byName.set(f.name, [...(byName.get(f.name) ?? []), f]);
  const out: CaptureField[] = [];
  const placed = new Set<string>();
  for (const f of earlier) {
    const replacement = byName.get(f.name);
    if (!replacement) out.push(f);
    else if (!placed.has(f.name)) {
      placed.add(f.name);
      out.push(...replacement);
    }
  }
  for (const f of later) if (!placed.has(f.name)) out.push(f);
  return out;
}

/** The pending lead after a later attempt: its page, form, touches, consent and time are the latest; its fields are
 * merged; its id stays the first attempt's, so the idempotency key (pb_<first id>) never changes. */
export function mergeCaptures(pending: Capture, later: Capture): Capture {
  return { ...later, id: pending.id, fields: mergeFields(pending.fields, later.fields) };
}

/** Two leads, not one, when both have a valid e-mail and they differ, or both a valid phone and they differ. E-mails
 * compare case-insensitively, whole (normalizeEmail keeps the local part's case; Architect matches prospects so). */
export function differentLead(pending: LeadKey, next: LeadKey): boolean {
  const differs = (a?: string, b?: string) => a !== undefined && b !== undefined && a !== b;
  return differs(pending.email?.toLowerCase(), next.email?.toLowerCase()) || differs(pending.phoneNumber, next.phoneNumber);
}

/** The name a capture's fields give (worker/ingest/identity.ts), compared case-insensitively. */
const nameOf = (capture: Capture) => extractIdentity(capture.fields).name?.toLowerCase();

/** Another person on the same tab (a shared kiosk): the later attempt shares neither e-mail nor phone with the
 * pending lead and brings a name it does not have, or a different one. Without this, Alice's e-mail and note then
 * Bob's name and phone would become one lead under Bob's name with Alice's e-mail. Someone completing their own
 * attempt keeps a shared e-mail or phone, or the same name. */
export function anotherPerson(pending: { key: LeadKey; capture: Capture }, next: { key: LeadKey; capture: Capture }): boolean {
  const shared = (a?: string, b?: string) => a !== undefined && a === b;
  if (shared(pending.key.email?.toLowerCase(), next.key.email?.toLowerCase()) || shared(pending.key.phoneNumber, next.key.phoneNumber)) return false;
  const name = nameOf(next.capture);
  return name !== undefined && name !== nameOf(pending.capture);
}

export type Decision = 'merge' | 'new-lead';

/** Whether an attempt joins the pending lead of its form, or seals it (delivered as it is) and starts another. */
export function decide(pending: { key: LeadKey; attempts: number; capture: Capture }, next: { key: LeadKey; capture: Capture }): Decision {
  if (differentLead(pending.key, next.key) || anotherPerson(pending, next)) return 'new-lead';
  if (pending.attempts >= MAX_ATTEMPTS_PER_LEAD) return 'new-lead';
  const size = JSON.stringify(mergeFields(pending.capture.fields, next.capture.fields)).length;
  return size > MAX_MERGED_BYTES ? 'new-lead' : 'merge';
}
