// Only http(s) URLs travel to Architect: javascript:, data: and other schemes in page.url, referrer,
// touches and form.action become "", and the capture is still accepted (the lead is never lost for it).
import { describe, expect, it } from 'vitest';
import { capture } from '../helpers';
import { call, submission } from './call';

const BAD = [
  'javascript:alert(document.cookie)',
  'JavaScript:alert(1)',
  'java\tscript:alert(1)',
  ' javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:x',
  'file:///etc/passwd',
];

describe('only http(s) URLs travel', () => {
  it.each(BAD)('%j in page.url, referrer, touches and form.action → "" (capture accepted)', async (bad) => {
    const c = capture({
      page: { url: bad, title: 'T', referrer: bad },
      form: { id: 'f', action: bad, method: 'post' },
      touches: [{ url: bad, referrer: bad, ts: Date.UTC(2026, 10, 20) }],
    });
    const { res, sent } = await call(submission(c, { origin: 'https://www.example.com' }));
    expect(res.status).toBe(202);
    const sentText = JSON.stringify(sent[0]!.request);
    expect(sentText).not.toMatch(/javascript:|data:text|vbscript:|file:/i);
    const payload = sent[0]!.request.payload as { page: { url: string; referrer?: string }; form: { action?: string } };
    expect(payload.page.url).toBe('');
    expect(payload.page.referrer).toBe('');
    expect(payload.form.action).toBe('');
  });

  it('keeps http(s) URLs and a relative form action as they were', async () => {
    const c = capture({ form: { id: 'f', action: '/thanks', method: 'post' } });
    const { sent } = await call(submission(c, { origin: 'https://www.example.com' }));
    const payload = sent[0]!.request.payload as { page: { url: string; referrer?: string }; form: { action?: string } };
    expect(payload.page.url).toBe(c.page.url);
    expect(payload.page.referrer).toBe('https://www.google.com/');
    expect(payload.form.action).toBe('/thanks');
  });
});
