// The stand-in's own reading of Architect's contract (shared/architect-api/prospect_logs.txt), written
// independently of the worker's mirror so that a mistake in one is caught by the other.

export interface Detail {
  path: string;
  message: string;
}

const PROSPECT_ID = /^prospect_[a-z0-9]{26}$/;
const E164 = /^\+[1-9]\d{1,14}$/;
/** Newer Architect docs: `source` and `type` are kebab-case (an addition to the contract page; see README). */
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

type Rule = { required?: boolean; kind: 'string' | 'object'; min?: number; max?: number; pattern?: RegExp; kebab?: boolean };

const RULES: Record<string, Rule> = {
  source: { required: true, kind: 'string', min: 1, max: 100, kebab: true },
  type: { kind: 'string', min: 1, max: 100, kebab: true },
  payload: { required: true, kind: 'object' },
  prospectId: { kind: 'string', min: 1, pattern: PROSPECT_ID },
  email: { kind: 'string' },
  phoneNumber: { kind: 'string', pattern: E164 },
  linkedinProfileUrl: { kind: 'string', min: 1 },
  idempotencyKey: { kind: 'string', min: 1, max: 255 },
  name: { kind: 'string', min: 1, max: 255 },
};

export interface ProspectLogBody {
  source: string;
  type: string;
  payload: Record<string, unknown>;
  prospectId?: string;
  email?: string;
  phoneNumber?: string;
  linkedinProfileUrl?: string;
  idempotencyKey?: string;
  name?: string;
}

/** Every broken rule, or the body with `type` defaulted to "webhook" as the contract says. */
export function checkBody(body: unknown): { ok: true; body: ProspectLogBody } | { ok: false; details: Detail[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, details: [{ path: '', message: 'the body must be a JSON object' }] };
  }
  const obj = body as Record<string, unknown>;
  const details: Detail[] = [];
  for (const key of Object.keys(obj)) {
    if (!Object.hasOwn(RULES, key)) details.push({ path: key, message: 'unknown field' });
  }
  for (const [path, rule] of Object.entries(RULES)) {
    const value = obj[path];
    if (value === undefined) {
      if (rule.required) details.push({ path, message: 'required' });
      continue;
    }
    if (rule.kind === 'object') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) details.push({ path, message: 'must be an object' });
      continue;
    }
    if (typeof value !== 'string') {
      details.push({ path, message: 'must be a string' });
      continue;
    }
    if (rule.min !== undefined && value.length < rule.min) details.push({ path, message: `must be at least ${rule.min} characters` });
    else if (rule.max !== undefined && value.length > rule.max) details.push({ path, message: `must be at most ${rule.max} characters` });
    else if (rule.pattern && !rule.pattern.test(value)) details.push({ path, message: `must match ${rule.pattern.source}` });
    else if (rule.kebab && !KEBAB.test(value)) details.push({ path, message: 'must be kebab-case' });
  }
  if (details.length) return { ok: false, details };
  return { ok: true, body: { ...(obj as unknown as ProspectLogBody), type: (obj.type as string | undefined) ?? 'webhook' } };
}
