// The worker's half of where captures go: s.js carries the worker's own origin and ROUTE_PREFIX as its endpoint (the page
// is never asked), with an ETag per base so a cache never hands one host's file to another.
import { describe, expect, it } from 'vitest';
import { call } from './call';

const get = (url: string, headers: Record<string, string> = {}, prefix = '') => call(new Request(url, { headers }), { ROUTE_PREFIX: prefix });

describe('s.js is served with the worker as its endpoint', () => {
  it.each([
    ['its own host', 'https://beacon.example.net/', 'https://beacon.example.net/s.js', ''],
    ['a first-party route', 'https://www.example.com/_pb/', 'https://www.example.com/_pb/s.js', '/_pb'],
    ['the debug build', 'https://www.example.com/_pb/', 'https://www.example.com/_pb/s.debug.js', '/_pb/'],
  ])('on %s carries the base %s (it posts to <base>v1/submissions)', async (_t, base, url, prefix) => {
    const { res } = await get(url, {}, prefix);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain(`"${base}"`);
    expect(text).not.toContain('@PB@');
  });

  it('gives each base its own ETag, and a 304 only for the ETag of the same base', async () => {
    const a = (await get('https://beacon.example.net/s.js')).res;
    const b = (await get('https://www.example.com/_pb/s.js', {}, '/_pb')).res;
    const etag = a.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(b.headers.get('etag')).not.toBe(etag);
    expect((await get('https://beacon.example.net/s.js', { 'if-none-match': etag })).res.status).toBe(304);
    expect((await get('https://www.example.com/_pb/s.js', { 'if-none-match': etag }, '/_pb')).res.status).toBe(200);
  });
});
