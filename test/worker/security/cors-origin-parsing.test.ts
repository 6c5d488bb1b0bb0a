// Origins are compared as parsed URLs (scheme, host, port), and a CORS answer names only a listed
// Origin header, never "null" and never an origin taken from the Referer.
import { describe, expect, it } from 'vitest';
import { originAllowed } from '../../../worker/ingest/edge';
import { capture } from '../helpers';
import { call, submission } from './call';

const LIST = 'https://www.example.com,https://*.example.org,http://localhost:8080';

describe('origin matching by parsing', () => {
  it.each([
    ['https://www.example.com', true],
    ['https://WWW.EXAMPLE.COM', true],
    ['https://www.example.com:443', true],
    ['https://shop.example.org', true],
    ['https://a.b.example.org', true],
    ['http://localhost:8080', true],
    ['https://evil.com?.example.org', false],
    ['https://evil.com#.example.org', false],
    ['https://evil.com/.example.org', false],
    ['https://example.org.evil.com', false],
    ['https://www.example.com.evil.com', false],
    ['https://example.org', false],
    ['http://shop.example.org', false],
    ['https://shop.example.org:8443', false],
    ['https://www.example.com:444', false],
    ['http://localhost:8081', false],
    ['https://user@www.example.com', false],
    ['https://www.example.com@evil.com', false],
    ['https://evil.com\\.example.org', false],
    ['javascript://www.example.com', false],
    ['null', false],
  ])('%s → %s', (origin, allowed) => {
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
