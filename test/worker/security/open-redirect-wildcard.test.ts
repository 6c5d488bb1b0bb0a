// With ALLOWED_ORIGINS="*", POST /v1/form redirects to _next only on the Referer's own origin.
import { describe, expect, it } from 'vitest';
import { call } from './call';

const form = (fields: Record<string, string>, referer?: string) =>
  new Request('https://beacon.example.net/v1/form', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://site.example.net', ...(referer ? { referer } : {}) },
    body: new URLSearchParams(fields).toString(),
  });

describe('no open redirect with ALLOWED_ORIGINS="*"', () => {
  it.each([
    ['another site', 'https://evil.example.com/phish', 'https://site.example.net/contact'],
    ['another port of the site', 'https://site.example.net:8443/x', 'https://site.example.net/contact'],
    ['any site when there is no Referer', 'https://evil.example.com/phish', undefined],
  ])('refuses _next on %s: the thank-you page instead', async (_t, next, referer) => {
    const { res, sent } = await call(form({ email: 'ada@example.com', _next: next }, referer), { ALLOWED_ORIGINS: '*' });
    expect(sent).toHaveLength(1);
    expect(res.headers.get('location')).toBeNull();
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Thank you');
  });

  it('follows _next on the Referer origin', async () => {
    const { res } = await call(form({ email: 'ada@example.com', _next: 'https://site.example.net/thanks' }, 'https://site.example.net/contact'), {
      ALLOWED_ORIGINS: '*',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('https://site.example.net/thanks');
  });
});
