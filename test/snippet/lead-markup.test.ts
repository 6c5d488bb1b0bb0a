// The lead survives the page's markup: login forms are no lead, sign-ups are without passwords, fields
// named like form properties, huge labels and values, data-pb-* hints, double submits. Both builds.
import { afterEach, describe, expect, it } from 'vitest';
import { BUILDS, boot, sentStrings, submit } from './harness';

let env: Awaited<ReturnType<typeof boot>> | undefined;
afterEach(async () => {
  expect(env?.errors ?? []).toEqual([]); // nothing of ours ever reaches the page
  await env?.close();
  env = undefined;
});
const OTHER = '<form id="o"><input name="email" value="other@example.com"><button>Go</button></form>';

describe.each(BUILDS)('%s', (build) => {
  it.each([
    ['autocomplete="current-password"', '<input type="password" autocomplete="current-password" value="pw-secret-1"><button>Go</button>'],
    ['one password field and a sign-in button', '<input type="password" value="pw-secret-1"><button>Se connecter</button>'],
    ['one password field and ログイン', '<input type="password" value="pw-secret-1"><input type="submit" value="ログイン">'],
  ])('does not capture a login form: %s', async (_t, inner) => {
    env = await boot({ build, html: `<form id="l"><input name="email" value="ada@example.com">${inner}</form>${OTHER}` });
    await submit(env, '#l');
    await submit(env, '#o'); // a positive signal: the other form's capture went
    expect(env.requests.map((r) => r.body.form!.key)).toEqual(['o']);
  });

  it.each([
    ['autocomplete="new-password"', '<input type="password" autocomplete="new-password" value="pw-secret-1"><button>Go</button>'],
    ['two password fields', '<input type="password" value="pw-secret-1"><input type="password" value="pw-secret-1"><button>Log in</button>'],
    ['a sign-up button', '<input type="password" value="pw-secret-1"><button>Konto erstellen</button>'],
  ])('captures a sign-up without its passwords: %s', async (_t, inner) => {
    env = await boot({ build, html: `<form id="l"><input name="email" value="ada@example.com">${inner}</form>` });
    await submit(env, '#l');
    expect(env.requests).toHaveLength(1);
    expect(env.requests[0]!.body.fields.map((f) => f.name)).toEqual(['email']);
    expect(sentStrings([env.requests[0]!.body]).filter((s) => s.includes('pw-secret'))).toEqual([]);
  });

  it('is not fooled by controls named like form properties', async () => {
    const props = ['elements', 'getAttribute', 'submit', 'action', 'id', 'method', 'length', 'matches', 'querySelectorAll', 'name'];
    const inputs = props.map((p) => `<input name="${p}" value="v-${p}">`).join('');
    env = await boot({
      build,
      html: `<form id="lead" name="lead-form" action="/thanks" method="post"><input name="email" value="ada@example.com">${inputs}<button>Go</button></form>`,
    });
    // Chromium lets a control shadow the form's own members by name ([LegacyOverrideBuiltIns]); happy-dom does not,
    // so the test does what Chromium does, while the submit event is dispatched (happy-dom's own code needs them).
    const form = env.document.querySelector('form')!;
    // Not getAttribute nor matches: happy-dom's own FormData and closest() call them (Chromium's are native); the
    // e2e scenarios cover those two in Chromium.
    const shadowed = props.filter((p) => p !== 'matches' && p !== 'getAttribute');
    env.window.addEventListener(
      'submit',
      () => {
        for (const p of shadowed) Object.defineProperty(form, p, { value: form.querySelector(`[name=${p}]`), configurable: true });
      },
      true,
    );
    form.addEventListener('submit', () => {
      for (const p of shadowed) delete (form as unknown as Record<string, unknown>)[p];
    });
    await submit(env);
    const { body } = env.requests[0]!;
    expect(body.form).toMatchObject({ id: 'lead', name: 'lead-form', action: '/thanks', method: 'post', key: 'lead' });
    expect(body.fields.map((f) => f.name)).toEqual(['email', ...props]);
  });

  it('clips a 1 MB label in the browser and keeps every field', async () => {
    const huge = 'Label '.repeat(200_000);
    env = await boot({
      build,
      html: `<form><label for="c">${huge}</label><input id="c" name="company" value="Acme"><input name="email" value="ada@example.com"><button>Go</button></form>`,
    });
    await submit(env);
    const fields = env.requests[0]!.body.fields;
    expect(fields.map((f) => f.name)).toEqual(['company', 'email']);
    expect(fields[0]!.label!.length).toBe(500);
  });

  it('fits a capture under 32 KiB by cutting and dropping the largest other values, never the e-mail, phone or name', async () => {
    const big = (n: number) => 'x'.repeat(n);
    const notes = Array.from({ length: 12 }, (_, i) => `<textarea name="note${i}">${big(3900 - i)}</textarea>`).join('');
    env = await boot({
      build,
      html: `<form>${notes}<input name="full_name" value="${'Ada '.repeat(1000)}"><input type="email" name="e" value="ada@example.com"><input type="tel" name="p" value="+44 20 7946 0958"><button>Go</button></form>`,
    });
    await submit(env);
    const { fields } = env.requests[0]!.body;
    expect(new TextEncoder().encode(JSON.stringify(env.requests[0]!.body)).length).toBeLessThanOrEqual(32 * 1024);
    expect(fields.map((f) => f.name).slice(-3)).toEqual(['full_name', 'e', 'p']);
    expect(fields.at(-3)!.value).toHaveLength(4000); // a name is never cut, though the largest value
    expect(fields.find((f) => f.name === 'note0')?.value.length ?? 500).toBe(500); // the largest went first
  });

  it('passes data-pb-role, data-pb-source and data-pb-type as the page wrote them', async () => {
    env = await boot({
      build,
      html: '<form data-pb-source="pricing-page" data-pb-type="demo-request"><input name="a" data-pb-role="email" value="ada@example.com"><input name="b" data-pb-role="prospect-id" value="p-1"><button>Go</button></form>',
    });
    await submit(env);
    const { body } = env.requests[0]!;
    expect(body.form).toMatchObject({ source: 'pricing-page', type: 'demo-request' });
    expect(body.fields.map((f) => [f.name, f.role])).toEqual([
      ['a', 'email'],
      ['b', 'prospect-id'],
    ]);
  });

  it('sends a double submit with the same values once, and a corrected attempt as a second capture of the same form and visit', async () => {
    env = await boot({ build, html: '<form id="lead"><input name="email" value="ada@example"><button>Go</button></form>' });
    await submit(env);
    await submit(env);
    expect(env.requests).toHaveLength(1);
    (env.document.querySelector('[name=email]') as unknown as HTMLInputElement).value = 'ada@example.com';
    await submit(env);
    expect(env.requests).toHaveLength(2);
    const [a, b] = env.requests.map((r) => r.body);
    expect([b!.form!.key, b!.visit]).toEqual([a!.form!.key, a!.visit]);
  });
});
