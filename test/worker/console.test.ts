// GET /admin: the console's page and assets, served without the token (they hold no data) under ROUTE_PREFIX,
// with a CSP that allows this worker only; the data routes beside them keep their Bearer check.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Env } from '../../worker/env';
import worker from '../../worker/index';

async function get(path: string, init: RequestInit = {}, overrides: Partial<Env> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const req = new Request(`https://beacon.example.com${path}`, init);
  const res = await worker.fetch(req as Parameters<typeof worker.fetch>[0], { ...env, ...overrides } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe('the console route', () => {
  it.each(['/admin', '/admin/'])('serves the page at %s without a token, its assets named under the prefix', async (path) => {
    const res = await get(`/_pb${path}`, {}, { ROUTE_PREFIX: '/_pb' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<script defer src="/_pb/admin/console.js"></script>');
    expect(html).toContain('href="/_pb/admin/console.css"');
    expect(html).toContain('data-base="/_pb"');
  });

  it('serves the script and the stylesheet with an ETag, and 304 when it matches', async () => {
    const js = await get('/admin/console.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await js.text()).length).toBeGreaterThan(10_000);
    const css = await get('/admin/console.css');
    expect(await css.text()).toContain('.uplot');
    const again = await get('/admin/console.js', { headers: { 'if-none-match': js.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('answers other methods with 405, and leaves the data routes behind the token', async () => {
    const post = await get('/admin', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    // Like every /admin answer (the data routes' 401/404/405 included), never cached.
    expect(post.headers.get('cache-control')).toBe('no-store');
    for (const res of [await get('/admin/stats'), await get('/admin/nope', { headers: { authorization: 'Bearer x' } })]) {
      expect([res.status, res.headers.get('cache-control')]).toEqual([401, 'no-store']);
    }
    expect((await get('/admin/stats')).status).toBe(401);
    expect((await get('/admin/console.js.map')).status).toBe(401);
    // An admin route whose storage throws ends in the entry's last-resort 503: still never cached.
    const broken = { list: () => Promise.reject(new Error('KV down')) } as unknown as KVNamespace;
    const crashed = await get('/admin/dead-letters', { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } }, { DEAD_LETTERS: broken });
    expect([crashed.status, crashed.headers.get('cache-control')]).toEqual([503, 'no-store']);
  });
});
