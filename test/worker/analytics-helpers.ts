// Builders for the analytics tests: a fresh allowed site per test (so counts never mix), events posts, API calls.
import { env, exports } from 'cloudflare:workers';
import { nanoid } from 'nanoid';
import type { FormRow } from '../../common/admin-api';

/** A site origin no other test uses, inside the tests' ALLOWED_ORIGINS (https://*.example.org). */
export const freshSite = () =>
  `https://t${nanoid(8)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}.example.org`;

export function postEvents(site: string, body: unknown, init: { contentType?: string; raw?: boolean; method?: string } = {}): Promise<Response> {
  return exports.default.fetch('https://beacon.example.net/v1/events', {
    method: init.method ?? 'POST',
    headers: {
      origin: site,
      'content-type': init.contentType ?? 'text/plain;charset=UTF-8',
      'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Mobile/15E148',
    },
    body: init.method === 'GET' ? undefined : init.raw ? (body as BodyInit) : JSON.stringify(body),
  });
}

export async function api<T = Record<string, unknown>>(path: string, token = env.ADMIN_TOKEN ?? ''): Promise<{ status: number; headers: Headers; body: T }> {
  const res = await exports.default.fetch(`https://beacon.example.net${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}

export const today = () => new Date().toISOString().slice(0, 10);
/** The forms table for one site, today. */
export async function formsOf(site: string): Promise<FormRow[]> {
  return (await api<{ rows: FormRow[] }>(`/admin/api/forms?from=${today()}&to=${today()}&site=${encodeURIComponent(site)}`)).body.rows;
}
