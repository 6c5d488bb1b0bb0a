// Shared builders for the worker tests: a valid capture, a POST to the ingest route, the stand-in's logs.
import { exports } from 'cloudflare:workers';
import { nanoid } from 'nanoid';
import type { CaptureInput } from '../../worker/ingest/capture';

export function capture(overrides: Partial<CaptureInput> = {}): CaptureInput {
  return {
    v: 1,
    id: nanoid(),
    source: 'pricing-page',
    page: { url: 'https://www.example.com/pricing?utm_source=google', title: 'Pricing', referrer: 'https://www.google.com/' },
    form: { id: 'demo', name: 'book-demo', action: 'https://www.example.com/thanks', method: 'post' },
    fields: [
      { name: 'full_name', value: 'Ada Lovelace', type: 'text', autocomplete: 'name', label: 'Full name' },
      { name: 'work_email', value: 'ada@Example.com', type: 'email', label: 'Work e-mail' },
      { name: 'phone', value: '+1 415 555 0134', type: 'tel', label: 'Phone' },
      { name: 'company', value: 'Analytical Engines Ltd', type: 'text', label: 'Company' },
    ],
    touches: [
      { url: 'https://www.example.com/pricing?utm_source=google&utm_medium=cpc', referrer: 'https://www.google.com/', ts: Date.UTC(2026, 10, 20, 10, 0, 0) },
    ],
    consent: 'unknown',
    ts: Date.UTC(2026, 10, 27, 12, 0, 0),
    ...overrides,
  };
}

/** An origin in the tests' ALLOWED_ORIGINS (vitest.config.ts). */
export const SITE = 'https://www.example.com';

export function post(body: unknown, init: { contentType?: string; origin?: string | null; path?: string; raw?: boolean } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': init.contentType ?? 'text/plain;charset=UTF-8' };
  const origin = init.origin === undefined ? SITE : init.origin;
  if (origin) headers.origin = origin;
  return exports.default.fetch(`https://beacon.example.net${init.path ?? '/v1/submissions'}`, {
    method: 'POST',
    headers,
    body: init.raw ? (body as BodyInit) : JSON.stringify(body),
  });
}

export interface StoredLog {
  prospectLogId: string;
  prospectId: string;
  createdProspect: boolean;
  idempotencyKey?: string;
  request: Record<string, unknown> & { payload: Record<string, unknown> };
}

export async function stubLogs(stubUrl: string): Promise<{ logs: StoredLog[]; requests: number }> {
  return (await fetch(`${stubUrl}/_stub/logs`)).json();
}

export async function logsFor(stubUrl: string, captureId: string): Promise<StoredLog[]> {
  return (await stubLogs(stubUrl)).logs.filter((l) => l.idempotencyKey === `pb_${captureId}`);
}

/** How many deliveries of this capture reached the stand-in (faulted ones too): a per-capture signal, so other
 *  test files posting at the same time do not change it. */
export async function callsFor(stubUrl: string, captureId: string): Promise<number> {
  return ((await (await fetch(`${stubUrl}/_stub/calls?idempotencyKey=pb_${captureId}`)).json()) as { calls: number }).calls;
}

export async function injectFault(stubUrl: string, fault: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${stubUrl}/_stub/faults`, { method: 'POST', body: JSON.stringify(fault) });
  if (!res.ok) throw new Error(`fault not accepted: ${res.status}`);
}
