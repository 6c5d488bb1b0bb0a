// Read-only share links: made with the admin token, they read the dashboard's routes with their signed filters only,
// stop at their expiry or at any change to payload or signature, and never reach dead letters, replay, erase or sites.
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { FormRow } from '../../common/admin-api';
import { getDeadLetter, putDeadLetter } from '../../worker/delivery/dead-letters';
import type { Env } from '../../worker/env';
import { signShare, verifyShare } from '../../worker/admin/share';
import { call } from './security/call';
import { freshSite, postEvents, today } from './analytics-helpers';

const ADMIN = { authorization: `Bearer ${env.ADMIN_TOKEN}` };
const fetchWorker = (path: string, init: RequestInit = {}) => exports.default.fetch(`https://beacon.example.net${path}`, init);

async function createLink(body: unknown, headers: Record<string, string> = ADMIN, prefix = '') {
  const res = await fetchWorker(`${prefix}/admin/api/share`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    res,
    body: (await res.json()) as {
      url: string;
      token: string;
      expiresAt: string;
      filters: Record<string, string>;
      error?: { code: string; issues?: { path: string }[] };
    },
  };
}
const shared = (token: string) => ({ authorization: `Share ${token}` });
const formsWith = async (token: string, query: string) => {
  const res = await fetchWorker(`/admin/api/forms?from=${today()}&to=${today()}${query}`, { headers: shared(token) });
  return { status: res.status, cache: res.headers.get('cache-control'), rows: res.ok ? ((await res.json()) as { rows: FormRow[] }).rows : [] };
};

/** One view of `form` on each site, counted (a positive signal) before the test reads it through a link. */
async function seed(sites: string[], form: string) {
  for (const site of sites) await postEvents(site, [`${site}/pricing`, '', [[form, 0]]]);
  const admin = async () => {
    const res = await fetchWorker(`/admin/api/forms?from=${today()}&to=${today()}&form=${form}`, { headers: ADMIN });
    return ((await res.json()) as { rows: FormRow[] }).rows.length;
  };
  await expect.poll(admin, { timeout: 4_000, interval: 100 }).toBe(sites.length);
}

describe('read-only share links', () => {
  it('reads the funnel with the filters signed into the link, whatever filter the query asks for', async () => {
    const [mine, other] = [freshSite(), freshSite()];
    await seed([mine, other], 'share-demo');
    const { res, body } = await createLink({ days: 7, filters: { site: mine } });
    expect([res.status, res.headers.get('cache-control')]).toEqual([201, 'no-store']);
    expect(body.url).toBe(`https://beacon.example.net/admin#share=${body.token}`);
    expect(body.filters).toEqual({ site: mine });
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    const plain = await formsWith(body.token, '&form=share-demo');
    expect(plain).toMatchObject({ status: 200, cache: 'no-store' });
    expect(plain.rows.map((r) => [r.site, r.form, r.views])).toEqual([[mine, 'share-demo', 1]]);
    // The other site asked for by name: the signed site wins, so the answer is still the link's own site.
    const asked = await formsWith(body.token, `&form=share-demo&site=${encodeURIComponent(other)}`);
    expect(asked.rows.map((r) => r.site)).toEqual([mine]);
  });

  it('takes the prefix the worker is mounted under into the link it makes', async () => {
    const { body } = await createLink({}, ADMIN, '/_pb');
    // ROUTE_PREFIX is empty in the tests: /_pb is not the worker's, so the worker answers 404 and makes no link.
    expect(body.error?.code).toBe('not_found');
    const res = await call(new Request('https://beacon.example.net/_pb/admin/api/share', { method: 'POST', headers: ADMIN, body: '{}' }), {
      ROUTE_PREFIX: '/_pb',
    });
    const made = (await res.res.json()) as { url: string; token: string };
    expect(made.url).toBe(`https://beacon.example.net/_pb/admin#share=${made.token}`);
  });

  it.each([
    ['an expired link', async () => (await signShare(env as Env, { v: 1, exp: Math.floor(Date.now() / 1000) - 1, f: {} }))!],
    [
      'a link whose signed site was rewritten',
      async () => {
        const [payload, sig] = (await createLink({ filters: { site: 'https://a.example.org' } })).body.token.split('.');
        const json = JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/'))) as { f: Record<string, string> };
        json.f.site = 'https://b.example.org';
        return `${btoa(JSON.stringify(json)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}.${sig}`;
      },
    ],
    [
      'a link with its filters removed',
      async () => `${btoa('{"v":1,"exp":9999999999,"f":{}}').replace(/=+$/, '')}.${(await createLink({ filters: { form: 'x' } })).body.token.split('.')[1]}`,
    ],
    [
      'a link with one signature character changed',
      // The first one: the last of 43 base64url characters carries 2 unused bits, which a change may leave out.
      async () => (await createLink({})).body.token.replace(/\.(.)/, (_m, c: string) => `.${c === 'A' ? 'B' : 'A'}`),
    ],
    [
      'a link signed under another admin token',
      async () => (await signShare({ ...env, ADMIN_TOKEN: 'another-admin-token-0123456789abcdef' } as Env, { v: 1, exp: 9_999_999_999, f: {} }))!,
    ],
    ['a payload without a signature', async () => (await createLink({})).body.token.split('.')[0]!],
  ])('answers 401 to %s', async (_name, make) => {
    const res = await fetchWorker(`/admin/api/forms?from=${today()}&to=${today()}`, { headers: shared(await make()) });
    expect([res.status, res.headers.get('cache-control'), res.headers.get('www-authenticate')]).toEqual([401, 'no-store', 'Bearer']);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('cannot list, open, replay or delete dead letters, erase a person, list sites, read stats or make links', async () => {
    const letter = {
      captureId: 'share-guard-0001',
      reason: 'architect_rejected',
      status: 422,
      attempts: 1,
      deadAt: new Date().toISOString(),
      job: { idempotencyKey: 'k' },
    };
    await putDeadLetter(env as Env, letter);
    const token = (await createLink({})).body.token;
    const attempts: [string, string][] = [
      ['GET', '/admin/dead-letters'],
      ['GET', `/admin/dead-letters/${letter.captureId}`],
      ['POST', `/admin/dead-letters/${letter.captureId}/replay`],
      ['DELETE', `/admin/dead-letters/${letter.captureId}`],
      ['POST', '/admin/erase'],
      ['GET', '/admin/api/sites'],
      ['GET', '/admin/stats'],
      ['POST', '/admin/api/share'],
      ['POST', '/admin/api/forms'],
    ];
    for (const [method, path] of attempts) {
      const res = await fetchWorker(path, {
        method,
        headers: { ...shared(token), 'cf-connecting-ip': '198.51.100.7' },
        body: method === 'POST' ? '{"email":"ada@example.com"}' : undefined,
      });
      expect([method, path, res.status, res.headers.get('cache-control')]).toEqual([method, path, 401, 'no-store']);
    }
    // The letter is still there, as it was: nothing was replayed (that removes it) or deleted.
    expect(await getDeadLetter(env as Env, letter.captureId)).toMatchObject({ captureId: letter.captureId, reason: 'architect_rejected' });
  });

  it('is made with the admin token only, from a checked body', async () => {
    const token = (await createLink({})).body.token;
    expect((await createLink({}, shared(token))).res.status).toBe(401);
    expect((await createLink({}, {})).res.status).toBe(401);
    for (const [body, path] of [
      [{ days: 91 }, 'days'],
      [{ days: 0 }, 'days'],
      [{ filters: { country: 'DE' } }, 'filters'],
      [{ filters: { site: 'x'.repeat(201) } }, 'filters.site'],
      [{ filter: { site: 'x' } }, ''],
    ] as const) {
      const { res, body: answer } = await createLink(body);
      expect([res.status, answer.error?.code], JSON.stringify(body)).toEqual([400, 'invalid_body']);
      expect(answer.error?.issues?.[0]?.path.startsWith(path), JSON.stringify(answer.error)).toBe(true);
    }
  });

  it('refuses a body over 4 KiB or not UTF-8 instead of making a link without filters', async () => {
    for (const [body, status] of [
      [JSON.stringify({ days: 7, filters: { site: 'https://www.example.com' }, pad: 'x'.repeat(5000) }), 413],
      [new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 400],
    ] as const) {
      const res = await fetchWorker('/admin/api/share', { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body });
      expect(res.status).toBe(status);
      expect(((await res.json()) as { url?: string }).url).toBeUndefined();
    }
  });

  it('signs with SHARE_SECRET when set, so rotating it revokes the links made with it and leaves the admin token as it is', async () => {
    const withSecret = { ...env, SHARE_SECRET: 'share-secret-0123456789abcdefghijklm' } as Env;
    const token = (await signShare(withSecret, { v: 1, exp: 9_999_999_999, f: { form: 'f' } }))!;
    expect(await verifyShare(withSecret, token)).toEqual({ v: 1, exp: 9_999_999_999, f: { form: 'f' } });
    expect(await verifyShare(env as Env, token)).toBeNull();
    expect(await verifyShare({ ...withSecret, SHARE_SECRET: 'share-secret-rotated-0123456789abcdef' } as Env, token)).toBeNull();
    // No key at all when neither secret is long enough: no link is made, none verifies.
    expect(await signShare({ ...env, ADMIN_TOKEN: 'short' } as Env, { v: 1, exp: 9_999_999_999, f: {} })).toBeNull();
  });
});
