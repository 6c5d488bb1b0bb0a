// The stand-in's behaviour, free of HTTP: auth, validation, idempotency (Stripe's rule) and prospect matching.
import { randomUUID } from 'node:crypto';
import { customAlphabet } from 'nanoid';
import { checkBody, type Detail, type ProspectLogBody } from './contract.ts';

const id26 = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyz', 26);

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface Prospect {
  prospectId: string;
  email?: string;
  phoneNumber?: string;
  linkedinProfileUrl?: string;
  name?: string;
}

export interface StoredLog {
  prospectLogId: string;
  prospectId: string;
  createdAt: string;
  createdProspect: boolean;
  source: string;
  type: string;
  idempotencyKey?: string;
  request: ProspectLogBody;
}

/** Architect's error body: { code, message, requestId, details }. */
export function errorAnswer(status: number, code: string, message: string, details?: unknown, headers?: Record<string, string>): Answer {
  return { status, headers, body: { code, message, requestId: `req_${randomUUID()}`, ...(details === undefined ? {} : { details }) } };
}

/** A stable text form of a JSON value (keys sorted), to tell a replay from a different request. */
function fingerprint(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(fingerprint).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${fingerprint((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export class ArchitectStandIn {
  logs: StoredLog[] = [];
  prospects: Prospect[] = [];
  /** POSTs to /v0/prospect_logs seen, including refused and replayed ones. */
  requests = 0;
  private byKey = new Map<string, { fingerprint: string; answer: Answer }>();

  private readonly apiKey: string;

  constructor(apiKey: string) {
    this.apiKey = apiKey;
  }

  reset(): void {
    this.logs = [];
    this.prospects = [];
    this.requests = 0;
    this.byKey.clear();
  }

  createProspectLog(headers: Record<string, string | string[] | undefined>, rawBody: string): Answer {
    this.requests++;
    const key = headers['x-api-key'];
    if (!key) return errorAnswer(401, 'UNAUTHORIZED', 'missing x-api-key header');
    if (key !== this.apiKey) return errorAnswer(401, 'UNAUTHORIZED', 'invalid API key');
    const type = String(headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (type !== 'application/json') return errorAnswer(415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/json');

    let parsed: unknown;
    try {
      parsed = JSON.parse(rawBody);
    } catch {
      return errorAnswer(400, 'VALIDATION_ERROR', 'the body is not valid JSON', [{ path: '', message: 'invalid JSON' }] satisfies Detail[]);
    }
    const checked = checkBody(parsed);
    if (!checked.ok) return errorAnswer(400, 'VALIDATION_ERROR', 'the request body is invalid', checked.details);
    const body = checked.body;

    const print = fingerprint(parsed);
    if (body.idempotencyKey !== undefined) {
      const earlier = this.byKey.get(body.idempotencyKey);
      if (earlier) {
        if (earlier.fingerprint !== print) {
          // IETF draft-ietf-httpapi-idempotency-key-header §2.7: same key, different payload → 422.
          return errorAnswer(422, 'IDEMPOTENCY_KEY_REUSED', 'this idempotencyKey was used with a different request body');
        }
        return { ...earlier.answer, headers: { ...earlier.answer.headers, 'idempotent-replayed': 'true' } };
      }
    }

    const found = this.findProspect(body);
    if (found === 'unknown-id') return errorAnswer(404, 'PROSPECT_NOT_FOUND', 'no prospect with that prospectId');
    const createdProspect = !found;
    const prospect = found || this.createProspect(body);

    const log: StoredLog = {
      prospectLogId: `prospectlog_${id26()}`,
      prospectId: prospect.prospectId,
      createdAt: new Date().toISOString(),
      createdProspect,
      source: body.source,
      type: body.type,
      idempotencyKey: body.idempotencyKey,
      request: parsed as ProspectLogBody,
    };
    this.logs.push(log);
    const answer: Answer = {
      status: 201,
      body: { prospectId: log.prospectId, prospectLogId: log.prospectLogId, createdAt: log.createdAt, createdProspect, source: log.source, type: log.type },
    };
    if (body.idempotencyKey !== undefined) this.byKey.set(body.idempotencyKey, { fingerprint: print, answer });
    return answer;
  }

  /** By prospectId (which must exist), else by e-mail (case-insensitive), phone or LinkedIn URL. */
  private findProspect(body: ProspectLogBody): Prospect | 'unknown-id' | undefined {
    if (body.prospectId) return this.prospects.find((p) => p.prospectId === body.prospectId) ?? 'unknown-id';
    const email = body.email?.toLowerCase();
    return this.prospects.find(
      (p) =>
        (email && p.email?.toLowerCase() === email) ||
        (body.phoneNumber && p.phoneNumber === body.phoneNumber) ||
        (body.linkedinProfileUrl && p.linkedinProfileUrl === body.linkedinProfileUrl),
    );
  }

  private createProspect(body: ProspectLogBody): Prospect {
    const p: Prospect = {
      prospectId: `prospect_${id26()}`,
      email: body.email,
      phoneNumber: body.phoneNumber,
      linkedinProfileUrl: body.linkedinProfileUrl,
      name: body.name,
    };
    this.prospects.push(p);
    return p;
  }
}
