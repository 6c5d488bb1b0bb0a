// Turns a validated capture into the body of POST /v0/prospect_logs, checked against the contract mirror.
import * as v from 'valibot';
import { ProspectLogRequestSchema, type ProspectLogRequest } from '../delivery/architect';
import { expandAttribution } from './attribution';
import { SourceSchema, type Capture } from './capture';
import { extractIdentity, hasIdentity, type Identity } from './identity';

export interface BuildContext {
  defaultSource: string;
  logType: string;
  defaultPhoneRegion: string;
  receivedAt: Date;
  userAgent?: string;
  country?: string;
}

export type BuildResult =
  | { ok: true; request: ProspectLogRequest; identity: Identity; invalidHints: ('source' | 'type')[] }
  | { ok: false; reason: 'no_identity' }
  | { ok: false; reason: 'contract_violation'; paths: string[] };

/** The idempotency key of a capture: the same capture id always gives the same key. */
export function idempotencyKey(captureId: string): string {
  return `pb_${captureId}`;
}

/** Fields as name → value; a name used more than once keeps every value, in order. */
function fieldMap(capture: Capture): Record<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (const { name, value } of capture.fields) {
    const prev = out.get(name);
    out.set(name, prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]);
  }
  // Object.fromEntries defines own properties, so a field called "__proto__" stays a plain key.
  return Object.fromEntries(out);
}

/** data-pb-source / data-pb-type on the form: used when they meet the contract (kebab-case, 1-100), else reported
 * so the caller logs them; an invalid hint never costs the lead. */
function formHints(capture: Capture) {
  const invalid: ('source' | 'type')[] = [];
  const valid = (name: 'source' | 'type') => {
    const raw = capture.form?.[name];
    if (raw === undefined) return undefined;
    if (v.is(SourceSchema, raw)) return raw;
    invalid.push(name);
    return undefined;
  };
  return { source: valid('source'), type: valid('type'), invalid };
}

export function buildProspectLog(capture: Capture, ctx: BuildContext): BuildResult {
  const identity = extractIdentity(capture.fields, { cfCountry: ctx.country, defaultRegion: ctx.defaultPhoneRegion });
  if (!hasIdentity(identity)) return { ok: false, reason: 'no_identity' };
  const hints = formHints(capture);

  const labels = Object.fromEntries(capture.fields.filter((f) => f.label).map((f) => [f.name, f.label!]));
  const request = {
    // The form's own hint is the most specific: it beats the script tag's data-source and the per-site default.
    source: hints.source ?? capture.source ?? ctx.defaultSource,
    type: hints.type ?? ctx.logType,
    payload: {
      captureId: capture.id,
      form: capture.form ?? {},
      fields: fieldMap(capture),
      labels,
      page: capture.page,
      attribution: expandAttribution(capture.touches),
      consent: capture.consent,
      // Absent from older snippets' captures: left out then, rather than sent as null.
      ...(capture.consentSource && { consentSource: capture.consentSource }),
      userAgent: ctx.userAgent,
      country: ctx.country,
      submittedAt: new Date(capture.ts).toISOString(),
      receivedAt: ctx.receivedAt.toISOString(),
    },
    ...identity,
    idempotencyKey: idempotencyKey(capture.id),
  };
  const checked = v.safeParse(ProspectLogRequestSchema, request);
  if (!checked.success) {
    return { ok: false, reason: 'contract_violation', paths: checked.issues.map((i) => v.getDotPath(i) ?? '') };
  }
  return { ok: true, request: checked.output, identity, invalidHints: hints.invalid };
}
