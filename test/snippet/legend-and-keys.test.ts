// A fieldset's legend heads its fields' labels without deciding what is never sent, and a form keyed by its action's
// path sends that path under the URL rule.
import { afterEach, describe, expect, it } from 'vitest';
import { BUILDS, boot, submit } from './harness';

let env: Awaited<ReturnType<typeof boot>> | undefined;
afterEach(() => env?.close());

describe.each(BUILDS)('%s', (build) => {
  it.each(['Book a test drive', 'Driver information', 'Passenger details', 'Your bank', 'Datos del conductor'])(
    'sends the e-mail and name under a legend that reads "%s"',
    async (legend) => {
      env = await boot({
        build,
        html: `<form id="f"><fieldset><legend>${legend}</legend>
          <label>Email <input name="email" type="email" value="ana@example.com"></label>
          <label>Full name <input name="full_name" value="Ana Lima"></label></fieldset><button>Send</button></form>`,
      });
      await submit(env);
      await expect.poll(() => env!.requests.length).toBe(1);
      expect(env.requests[0]!.body.fields.map((f) => [f.name, f.value])).toEqual([
        ['email', 'ana@example.com'],
        ['full_name', 'Ana Lima'],
      ]);
    },
  );

  it('still keeps a field whose own label is sensitive under a harmless legend', async () => {
    env = await boot({
      build,
      html: `<form id="f"><fieldset><legend>Payment</legend><label>CVC <input name="x1" value="737"></label></fieldset>
        <input name="email" type="email" value="ana@example.com"><button>Send</button></form>`,
    });
    await submit(env);
    await expect.poll(() => env!.requests.length).toBe(1);
    expect(env.requests[0]!.body.fields.map((f) => f.name)).toEqual(['email']);
  });

  it('keys a form without id or name by its action path with a token in it redacted', async () => {
    env = await boot({
      build,
      html: `<form action="/unsubscribe/Zx81kq0PaLm3VnB7tRw2Yy/confirm"><input name="email" type="email" value="ana@example.com"><button>Send</button></form>`,
    });
    await submit(env);
    await expect.poll(() => env!.requests.length).toBe(1);
    expect(env.requests[0]!.body.form!.key).toBe('/unsubscribe/:redacted/confirm');
  });

  it('keeps real click ids and campaign names in the page URL, and redacts an e-mail in one', async () => {
    const query =
      'gclid=EAIaIQobChMI8ZqBwE&msclkid=0f3a9c2e7b1d4e5f8a6b2c3d4e5f6a7b&li_fat_id=3f2b8c1e-9d4a-4e6b-8f1a-2c3d4e5f6a7b&utm_campaign=spring_sale_2024_newsletter&utm_content=ana%40example.com';
    env = await boot({
      build,
      html: '<form id="f"><input name="email" type="email" value="ana@example.com"><button>Send</button></form>',
      url: `https://www.example.com/?${query}`,
    });
    await submit(env);
    await expect.poll(() => env!.requests.length).toBe(1);
    expect(env.requests[0]!.body.page.url).toBe(`https://www.example.com/?${query.replace('ana%40example.com', '%3Aredacted')}`);
  });
});
