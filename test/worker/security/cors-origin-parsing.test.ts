// Origin spoofing: origins are compared as parsed URLs (scheme, host, port), so look-alike hosts and smuggled
// suffixes match nothing, and a CORS answer names only a listed Origin header, never "null" nor the Referer's.
import { describe, expect, it } from 'vitest';
import { originAllowed } from '../../../worker/ingest/edge';
import { capture } from '../helpers';
import { call, submission } from './call';

const LIST = 'https://www.example.com,https://*.example.org,http://localhost:8080';

describe('origin matching by parsing', () => {
  it.each([
    ['allows a listed origin', 'https://www.example.com', true],
    ['allows a listed origin written in capitals', 'https://WWW.EXAMPLE.COM', true],
    ["allows a listed origin with its scheme's default port", 'https://www.example.com:443', true],
    ['allows a subdomain of a wildcard entry', 'https://shop.example.org', true],
    ['allows a deeper subdomain of a wildcard entry', 'https://a.b.example.org', true],
    ['allows a listed origin with its port', 'http://localhost:8080', true],
    ["refuses a look-alike host that ends with the wildcard's domain without its dot", 'https://evilexample.org', false],
    ["refuses a look-alike subdomain that ends with the wildcard's domain without its dot", 'https://shop.evilexample.org', false],
    ['refuses a listed host smuggled in after ?', 'https://evil.com?.example.org', false],
    ['refuses a listed host smuggled in after #', 'https://evil.com#.example.org', false],
    ['refuses a listed host smuggled in as a path', 'https://evil.com/.example.org', false],
    ["refuses a wildcard's domain used as a subdomain of another", 'https://example.org.evil.com', false],
    ['refuses a listed host used as a subdomain of another', 'https://www.example.com.evil.com', false],
    ["refuses a wildcard entry's bare domain", 'https://example.org', false],
    ['refuses a subdomain over another scheme', 'http://shop.example.org', false],
    ['refuses a subdomain on another port', 'https://shop.example.org:8443', false],
    ['refuses a listed host on another port', 'https://www.example.com:444', false],
    ['refuses a listed host with another port', 'http://localhost:8081', false],
    ['refuses userinfo before a listed host', 'https://user@www.example.com', false],
    ['refuses a listed host as userinfo', 'https://www.example.com@evil.com', false],
    ['refuses a listed host smuggled in after a backslash', 'https://evil.com\\.example.org', false],
    ['refuses a javascript: URL naming a listed host', 'javascript://www.example.com', false],
    ['refuses the opaque origin "null"', 'null', false],
  ])('%s (%s)', (_behaviour, origin, allowed) => {
    expect(originAllowed(origin, LIST)).toBe(allowed);
  });
});

describe('CORS answers', () => {
  const options = (headers: Record<string, string>) =>
    new Request('https://beacon.example.net/v1/submissions', { method: 'OPTIONS', headers: { 'access-control-request-method': 'POST', ...headers } });

  it('a preflight with Origin: null and an allowed Referer gets no Access-Control-Allow-Origin', async () => {
    const { res } = await call(options({ origin: 'null', referer: 'https://www.example.com/pricing' }));
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a preflight from a listed origin gets exactly that origin back', async () => {
    const { res } = await call(options({ origin: 'https://shop.example.org' }));
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example.org');
  });

  it('a POST accepted on its Referer (Origin: null) carries no CORS header naming the Referer', async () => {
    const { res, sent } = await call(submission(capture(), { origin: 'null', referer: 'https://www.example.com/pricing' }));
    expect(res.status).toBe(202);
    expect(sent).toHaveLength(1);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
