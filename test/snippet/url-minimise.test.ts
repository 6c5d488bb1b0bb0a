// URLs leave the browser minimised: only scheme, host, path (private-looking segments redacted) and the allow-listed
// query parameters, in every place the snippet sends one (the page, its referrer, the campaign touches, analytics).
import { afterEach, describe, expect, it } from 'vitest';
import { BUILDS, boot, sentStrings, submit } from './harness';

const FORM = '<form id="demo"><input name="email" type="email" value="zoe@example.org"><button>Send</button></form>';
let env: Awaited<ReturnType<typeof boot>> | undefined;
afterEach(() => env?.close());

describe.each(BUILDS)('%s', (build) => {
  it('sends the page URL without the GET form values in its query, its fragment or an e-mail in its path', async () => {
    env = await boot({
      build,
      html: FORM,
      url: 'https://www.example.com/welcome/ana@example.com/thanks?email=ana%40example.com&code=482913&utm_source=news&gclid=g1#token=abc',
      referrer: 'https://www.example.com/signup?email=ana%40example.com',
    });
    await submit(env);
    await expect.poll(() => env!.requests.length).toBe(1);
    const { page, touches } = env.requests[0]!.body;
    expect(page.url).toBe('https://www.example.com/welcome/:redacted/thanks?utm_source=news&gclid=g1');
    expect(page.referrer).toBe('https://www.example.com/signup');
    expect(touches![0]!.url).toBe('https://www.example.com/welcome/:redacted/thanks?utm_source=news&gclid=g1');
    const strings = sentStrings([...env.requests.map((r) => r.body), ...env.beacons.map((b) => b.body)]);
    expect(strings.filter((s) => /ana@|ana%40|482913|token=abc/.test(s))).toEqual([]);
  });

  it('keeps the parameters data-keep-params names, and redacts a kept value that is an e-mail', async () => {
    env = await boot({
      build,
      html: FORM,
      url: 'https://www.example.com/pricing?plan=pro&seat=3&utm_content=ana%40example.com',
      data: { 'keep-params': 'plan' },
    });
    await submit(env);
    await expect.poll(() => env!.requests.length).toBe(1);
    expect(env.requests[0]!.body.page.url).toBe('https://www.example.com/pricing?plan=pro&utm_content=%3Aredacted');
  });

  it('redacts a phone number and a token in the path, and keeps a readable slug', async () => {
    env = await boot({ build, html: FORM, url: 'https://www.example.com/call/+1%20415%20555%200134/reset/Zx81kq0PaLm3VnB7tRw2Yy/top-10-pages-2026' });
    await submit(env);
    await expect.poll(() => env!.requests.length).toBe(1);
    expect(env.requests[0]!.body.page.url).toBe('https://www.example.com/call/:redacted/reset/:redacted/top-10-pages-2026');
  });
});

it('sends the analytics page URL and referrer minimised too', async () => {
  env = await boot({
    html: FORM,
    url: 'https://www.example.com/u/ana@example.com?email=ana%40example.com',
    referrer: 'https://mail.example.net/inbox?u=ana%40example.com',
  });
  await expect.poll(() => env!.beacons.length).toBeGreaterThan(0);
  const [url, referrer] = env.beacons[0]!.body as unknown as [string, string];
  expect(url).toBe('https://www.example.com/u/:redacted');
  expect(referrer).toBe('https://mail.example.net/inbox');
});
