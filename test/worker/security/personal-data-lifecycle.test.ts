// Dead letters (personal data) expire after DEAD_LETTER_TTL_DAYS, can be deleted one by one, and a
// person's can be erased by e-mail or phone; admin answers are never cached.
import { env } from 'cloudflare:workers';
import { nanoid } from 'nanoid';
import { describe, expect, it, vi } from 'vitest';
import { putDeadLetter } from '../../../worker/delivery/dead-letters';
import { ADMIN, call } from './call';

const letter = (email: string, phoneNumber?: string) => {
  const captureId = nanoid();
  return {
    captureId,
    reason: 'contract_violation',
    attempts: 1,
    deadAt: new Date().toISOString(),
    job: { v: 1, captureId, receivedAt: new Date().toISOString(), request: { source: 'website', type: 'form-submission', email, phoneNumber, payload: {} } },
  };
};
const admin = (path: string, method = 'GET', body?: unknown) =>
  new Request(`https://beacon.example.net${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
const stored = async (id: string) => env.DEAD_LETTERS.get(`dl:${id}`);

describe('dead letters have a lifetime and an exit', () => {
  it('writes DEAD_LETTER_TTL_DAYS as the KV expiration and shows it in the listing', async () => {
    const put = vi.spyOn(env.DEAD_LETTERS, 'put');
    const l = letter(`ttl-${nanoid(6)}@example.com`);
    await putDeadLetter({ ...env, DEAD_LETTER_TTL_DAYS: '7' }, l);
    expect(put.mock.calls[0]![2]).toMatchObject({ expirationTtl: 7 * 86_400 });
    put.mockRestore();
    const { res } = await call(admin('/admin/dead-letters'));
    expect(res.headers.get('cache-control')).toBe('no-store');
    const listed = ((await res.json()) as { deadLetters: { captureId: string; expiresAt: string | null }[] }).deadLetters.find(
      (d) => d.captureId === l.captureId,
    );
    const days = (Date.parse(listed!.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
  });

  it('defaults to 30 days when the var is unset (wrangler.toml sets it; an older deployment may not)', async () => {
    const put = vi.spyOn(env.DEAD_LETTERS, 'put');
    const { DEAD_LETTER_TTL_DAYS: _unset, ...withoutTtl } = env;
    await putDeadLetter(withoutTtl as typeof env, letter('default@example.com'));
    expect(put.mock.calls[0]![2]).toMatchObject({ expirationTtl: 30 * 86_400 });
    put.mockRestore();
  });

  it('DELETE /admin/dead-letters/<id> removes it, then answers 404', async () => {
    const l = letter('delete-me@example.com');
    await putDeadLetter(env, l);
    const first = await call(admin(`/admin/dead-letters/${l.captureId}`, 'DELETE'));
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get('cache-control')).toBe('no-store');
    expect(await stored(l.captureId)).toBeNull();
    expect((await call(admin(`/admin/dead-letters/${l.captureId}`, 'DELETE'))).res.status).toBe(404);
  });

  it('POST /admin/erase {"email"} deletes that person\'s dead letters only, found however the address is written', async () => {
    const who = `erase-${nanoid(6)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x')}@example.com`;
    const [a, b, other] = [letter(who), letter(who), letter(`other-${who}`)];
    for (const l of [a, b, other]) await putDeadLetter(env, l);
    const { res } = await call(admin('/admin/erase', 'POST', { email: `  ${who.toUpperCase()} ` }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { removed } = (await res.json()) as { removed: { deadLetters: string[] } };
    expect(removed.deadLetters.sort()).toEqual([a.captureId, b.captureId].sort());
    expect(await stored(a.captureId)).toBeNull();
    expect(await stored(b.captureId)).toBeNull();
    expect(await stored(other.captureId)).not.toBeNull();
  });

  it('POST /admin/erase {"phone"} finds the E.164 number from a local spelling', async () => {
    const l = letter('phone-owner@example.com', '+14155550199');
    await putDeadLetter(env, l);
    const { res } = await call(admin('/admin/erase', 'POST', { phone: '(415) 555-0199' }));
    expect(((await res.json()) as { removed: { deadLetters: string[] } }).removed.deadLetters).toContain(l.captureId);
    expect(await stored(l.captureId)).toBeNull();
  });

  it.each([{}, { mail: 'a@example.com' }, { email: 'not an address' }, { email: 'a@example.com', phone: '+14155550199' }])(
    'answers 400 for %j',
    async (input) => {
      const { res } = await call(admin('/admin/erase', 'POST', input));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_body');
    },
  );
});
