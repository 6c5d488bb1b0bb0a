// What of a URL may be stored, counted or sent to Architect: scheme, host, path with private-looking segments
// redacted, allow-listed query parameters, no fragment; and no control or bidi override characters in any string.
import { describe, expect, it } from 'vitest';
import { cleanText, looksPrivate, minimiseUrl } from '../../common/url';
import { capture, SITE } from './helpers';
import { call, submission } from './security/call';

describe('minimiseUrl', () => {
  it.each([
    ['drops a GET form’s values from the query', 'https://www.example.com/thanks?email=ana%40example.com&code=482913', 'https://www.example.com/thanks'],
    ['drops the fragment', 'https://www.example.com/welcome#access_token=abc123', 'https://www.example.com/welcome'],
    ['drops user:password', 'https://ana:secret@www.example.com/a', 'https://www.example.com/a'],
    ['redacts an e-mail in the path', 'https://www.example.com/welcome/ana@example.com', 'https://www.example.com/welcome/:redacted'],
    ['redacts an encoded e-mail in the path', 'https://www.example.com/u/ana%40example.com/edit', 'https://www.example.com/u/:redacted/edit'],
    ['redacts a phone number in the path', 'https://www.example.com/call/+1%20415%20555%200134', 'https://www.example.com/call/:redacted'],
    ['redacts a long token in the path', 'https://www.example.com/reset/Zx81kq0PaLm3VnB7tRw2Yy', 'https://www.example.com/reset/:redacted'],
    ['redacts a UUID in the path', 'https://www.example.com/i/3f2b8c1e-9d4a-4e6b-8f1a-2c3d4e5f6a7b', 'https://www.example.com/i/:redacted'],
    [
      'keeps a readable slug with a year',
      'https://www.example.com/blog/top-10-landing-pages-for-2026',
      'https://www.example.com/blog/top-10-landing-pages-for-2026',
    ],
    ['keeps a short numeric id', 'https://www.example.com/p/12345', 'https://www.example.com/p/12345'],
    [
      'keeps utm_* and click ids, drops Mailchimp’s and HubSpot’s person ids',
      'https://www.example.com/?utm_source=news&utm_campaign=q4&gclid=Cj0K&msclkid=m1&mc_eid=abc&_hsenc=p2&ref=partner',
      'https://www.example.com/?utm_source=news&utm_campaign=q4&gclid=Cj0K&msclkid=m1&ref=partner',
    ],
    [
      'keeps real click ids and campaign names, tokens and numbers by nature',
      'https://www.example.com/?gclid=EAIaIQobChMI8ZqBwE&msclkid=0f3a9c2e7b1d4e5f8a6b2c3d4e5f6a7b&li_fat_id=3f2b8c1e-9d4a-4e6b-8f1a-2c3d4e5f6a7b&utm_campaign=120203456789012345',
      'https://www.example.com/?gclid=EAIaIQobChMI8ZqBwE&msclkid=0f3a9c2e7b1d4e5f8a6b2c3d4e5f6a7b&li_fat_id=3f2b8c1e-9d4a-4e6b-8f1a-2c3d4e5f6a7b&utm_campaign=120203456789012345',
    ],
    [
      'redacts an e-mail as a kept parameter’s value',
      'https://www.example.com/?utm_content=ana%40example.com',
      'https://www.example.com/?utm_content=%3Aredacted',
    ],
    ['keeps a relative action relative', '/subscribe?email=ana%40example.com', '/subscribe'],
    ['refuses a non-http scheme', 'javascript:alert(1)', ''],
  ])('%s', (_, input, expected) => {
    expect(minimiseUrl(input)).toBe(expected);
  });

  it('keeps the parameters the operator names', () => {
    expect(minimiseUrl('https://www.example.com/?plan=pro&variant=b&email=x', ['plan', 'variant'])).toBe('https://www.example.com/?plan=pro&variant=b');
  });

  it.each(['ana@example.com', '%2B14155550134', 'ABCDEFGHIJ0123456789xyz'])('%s looks private', (s) => expect(looksPrivate(s)).toBe(true));
  it.each(['pricing', 'book-a-demo', '2026', 'en-us'])('%s does not', (s) => expect(looksPrivate(s)).toBe(false));
});

describe('cleanText', () => {
  it('strips bidi overrides, isolates, C0 and C1 controls, and keeps line breaks unless asked', () => {
    expect(cleanText('bidi\u202Egnp.exe\u2066x\u2069\u0007\u0085a\nb\tc')).toBe('bidignp.exexa\nb\tc');
    expect(cleanText('a\nb\tc\r', true)).toBe('abc');
  });
});

describe('a capture’s URLs and strings as the worker forwards them', () => {
  it('minimises the page URL, its referrer, the form action and the touches before the log is built', async () => {
    const c = capture({
      page: {
        url: 'https://www.example.com/welcome/ana@example.com?email=ana%40example.com&utm_source=news#token=abc',
        title: 'Welcome',
        referrer: 'https://www.example.com/signup?code=482913',
      },
      form: { id: 'f', action: 'https://www.example.com/thanks?email=ana%40example.com', method: 'get' },
      touches: [
        {
          url: 'https://www.example.com/?email=ana%40example.com&utm_campaign=q4',
          referrer: 'https://mail.example.net/read?msg=77',
          ts: Date.UTC(2026, 10, 20),
        },
      ],
    });
    const { res, sent } = await call(submission(c, { origin: SITE }));
    expect(res.status).toBe(202);
    const payload = sent[0]!.request.payload as Record<string, unknown> & { page: { url: string; referrer: string }; form: { action: string } };
    expect(payload.page.url).toBe('https://www.example.com/welcome/:redacted?utm_source=news');
    expect(payload.page.referrer).toBe('https://www.example.com/signup');
    expect(payload.form.action).toBe('https://www.example.com/thanks');
    const attribution = payload.attribution as { landingPage: string; firstReferrer: string };
    expect(attribution.landingPage).toBe('https://www.example.com/?utm_campaign=q4');
    expect(attribution.firstReferrer).toBe('https://mail.example.net/read');
    // The lead's own e-mail is in the log as its identity; nowhere else, and the one-time code nowhere at all.
    const text = JSON.stringify({ ...sent[0]!.request, email: undefined, payload: { ...payload, fields: undefined } });
    expect(text).not.toMatch(/ana@|ana%40|482913|token=abc/);
  });

  it('redacts a token or an e-mail in a form key made of the action’s path', async () => {
    const c = capture({ form: { key: '/newsletter/ana@example.com/update', action: '/newsletter/ana@example.com/update', method: 'post' } });
    const { sent } = await call(submission(c, { origin: SITE }));
    const payload = sent[0]!.request.payload as { form: { key: string; action: string } };
    expect(payload.form.key).toBe('/newsletter/:redacted/update');
    expect(payload.form.action).toBe('/newsletter/:redacted/update');
  });

  it('keeps the query parameters KEEP_PARAMS names', async () => {
    const c = capture({ page: { url: 'https://www.example.com/pricing?plan=pro&seat=3', title: 'Pricing' } });
    const { sent } = await call(submission(c, { origin: SITE }), { KEEP_PARAMS: 'plan' });
    expect((sent[0]!.request.payload as { page: { url: string } }).page.url).toBe('https://www.example.com/pricing?plan=pro');
  });

  it('strips bidi overrides and control characters from the title, labels and values it forwards', async () => {
    const c = capture({
      page: { url: 'https://www.example.com/', title: 'Offer\u202Etxt.exe' },
      fields: [
        { name: 'work_email', value: 'ada@example.com', type: 'email', label: 'E-mail\u2066' },
        { name: 'note', value: 'line one\nline\u0085 two\u202E', label: 'Note' },
      ],
    });
    const { sent } = await call(submission(c, { origin: SITE }));
    const text = JSON.stringify(sent[0]!.request);
    expect(text).not.toMatch(/\\u202e|\\u2066|\\u0085|\u202E|\u2066|\u0085/i);
    expect(text).toContain('line one\\nline two');
    expect((sent[0]!.request.payload as { page: { title: string } }).page.title).toBe('Offertxt.exe');
  });
});

describe('a no-JS form’s page URL', () => {
  it('is the Referer minimised: no e-mail from its path, no values from its query', async () => {
    const req = new Request('https://beacon.example.net/v1/form', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: SITE,
        referer: 'https://www.example.com/welcome/ana@example.com?email=ana%40example.com&utm_source=news',
      },
      body: new URLSearchParams({ email: 'bob@example.com', name: 'Bob Stone' }),
    });
    const { res, sent } = await call(req);
    expect(res.status).toBe(303);
    const payload = sent[0]!.request.payload as { page: { url: string } };
    expect(payload.page.url).toBe('https://www.example.com/welcome/:redacted?utm_source=news');
    expect(JSON.stringify(sent[0]!.request)).not.toContain('ana');
  });
});
