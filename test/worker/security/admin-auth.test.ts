// The admin routes as an API client expects: case-insensitive Bearer, WWW-Authenticate on 401, one
// message whatever the configuration, off for a short token, failed attempts limited per IP, ids checked first.
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN, call } from './call';

const admin = (path: string, headers: Record<string, string> = {}, method = 'GET') => new Request(`https://beacon.example.net${path}`, { method, headers });
const body = async (res: Response) => (await res.json()) as { error: { code: string; message: string } };

describe('admin authentication', () => {
  it.each(['Bearer', 'bearer', 'BEARER', 'bEaReR'])('accepts the scheme written %s', async (scheme) => {
    const { res } = await call(admin('/admin/stats', { authorization: `${scheme} ${env.ADMIN_TOKEN}` }));
    expect(res.status).toBe(200);
  });

  it('answers 401 with WWW-Authenticate: Bearer and the same message whether or not a token is configured', async () => {
    const wrong = await call(admin('/admin/stats', { authorization: 'Bearer nope', 'cf-connecting-ip': '192.0.2.1' }));
    const unset = await call(admin('/admin/stats', { authorization: 'Bearer nope', 'cf-connecting-ip': '192.0.2.1' }), { ADMIN_TOKEN: undefined });
    for (const { res } of [wrong, unset]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    expect(await body(unset.res)).toEqual(await body(wrong.res));
  });

  it('is off, with one warning logged, when ADMIN_TOKEN is shorter than 32 characters, even for that token', async () => {
    const log = vi.spyOn(console, 'log');
    const short = 'short-token-31-characters-long!';
    const { res } = await call(admin('/admin/stats', { authorization: `Bearer ${short}`, 'cf-connecting-ip': '192.0.2.2' }), { ADMIN_TOKEN: short });
    expect(res.status).toBe(401);
    expect(log.mock.calls.flat().join('\n')).toContain('"setting":"ADMIN_TOKEN"');
    log.mockRestore();
  });

  it('limits failed attempts per IP (10 a minute), then 429; another IP is unaffected', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await call(admin('/admin/stats', { authorization: `Bearer guess-${i}`, 'cf-connecting-ip': '192.0.2.99' }))).res.status);
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    const other = await call(admin('/admin/stats', { authorization: 'Bearer guess', 'cf-connecting-ip': '192.0.2.100' }));
    expect(other.res.status).toBe(401);
  });

  it('compares the token in constant time: SHA-256 digests of both sides through timingSafeEqual, whatever the length', async () => {
    const safe = vi.spyOn(crypto.subtle, 'timingSafeEqual');
    await call(admin('/admin/stats', { authorization: 'Bearer x', 'cf-connecting-ip': '192.0.2.3' }));
    expect(safe).toHaveBeenCalledTimes(1);
    const [a, b] = safe.mock.calls[0]! as [ArrayBuffer, ArrayBuffer];
    expect([a.byteLength, b.byteLength]).toEqual([32, 32]);
    safe.mockRestore();
  });

  it.each([
    ['a 600-character dead-letter id', `/admin/dead-letters/${'a'.repeat(600)}`],
    ['a dead-letter id with a dot', '/admin/dead-letters/a.b'],
    ['a malformed capture id', '/admin/captures/not-a-nanoid'],
    ['a 600-character replay id', `/admin/dead-letters/${'a'.repeat(600)}/replay`],
  ])('answers 400 for %s, before touching storage', async (_t, path) => {
    const kv = env.DEAD_LETTERS;
    const get = vi.spyOn(kv, 'get');
    const { res } = await call(admin(path, ADMIN, path.endsWith('/replay') ? 'POST' : 'GET'), { DEAD_LETTERS: kv });
    expect(res.status).toBe(400);
    expect((await body(res)).error.code).toBe('invalid_body');
    expect(get).not.toHaveBeenCalled();
    get.mockRestore();
  });
});
