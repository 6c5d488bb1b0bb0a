// One lead per form and visit, browser side: visit and form keys, unnamed controls, wizards. Formless
// flows: formless.test.ts; login forms, hostile markup, data-pb-*: lead-markup.test.ts. Both builds.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUILDS, boot, sentStrings, submit } from './harness';

let env: Awaited<ReturnType<typeof boot>> | undefined;
afterEach(async () => {
  expect(env?.errors ?? []).toEqual([]); // nothing of ours ever reaches the page
  await env?.close();
  env = undefined;
});
const $ = (sel: string) => env!.document.querySelector(sel) as unknown as HTMLElement & HTMLFormElement & HTMLInputElement;
const click = async (sel: string) => {
  $(sel).click();
  await env!.settle();
};
const steps = () => JSON.parse(env!.window.sessionStorage.getItem('pb_steps') ?? 'null');

describe.each(BUILDS)('%s', (build) => {
  it('gives every capture the tab’s visit key, made at the first capture and kept in sessionStorage', async () => {
    env = await boot({ build, html: '<form id="lead"><input name="email" value="a@example.com"><button>Send</button></form>' });
    expect(env.window.sessionStorage.length).toBe(0); // nothing at load
    await submit(env);
    $('[name=email]').value = 'b@example.com';
    await submit(env);
    const [a, b] = env.requests.map((r) => r.body);
    expect(a!.visit).toMatch(/^[\w-]{21}$/);
    expect(b!.visit).toBe(a!.visit);
    expect(env.window.sessionStorage.getItem('pb_visit')).toBe(a!.visit);
    expect(a!.form).toMatchObject({ id: 'lead', key: 'lead' });
  });

  it('replaces a stored visit key of another shape, which the worker would refuse', async () => {
    env = await boot({
      build,
      before: "sessionStorage.setItem('pb_visit', 'not a key')",
      html: '<form><input name="email" value="a@example.com"><button>Send</button></form>',
    });
    await submit(env);
    expect(env.requests[0]!.body.visit).toMatch(/^[\w-]{21}$/);
    expect(env.window.sessionStorage.getItem('pb_visit')).toBe(env.requests[0]!.body.visit);
  });

  it('makes a visit key per page view where storage is blocked', async () => {
    env = await boot({ build, html: '<form><input name="email" value="a@example.com"><button>Send</button></form>' });
    Object.defineProperty(env.window, 'sessionStorage', {
      get() {
        throw new Error('blocked');
      },
    });
    await submit(env);
    expect(env.requests[0]!.body.visit).toMatch(/^[\w-]{21}$/);
    expect(env.requests[0]!.body.form!.key).toBe('form-0');
  });

  it('reads controls with neither name nor id, keyed by label, aria-label, placeholder, else position', async () => {
    env = await boot({
      build,
      html: `<form><input type="email" placeholder="Work e-mail" value="ada@example.com"><input aria-label="Company name" value="Acme">
        <label>Téléphone <input value="+33 1 23"></label><input value="no label"><button>Go</button></form>`,
    });
    await submit(env);
    expect(env.requests[0]!.body.fields).toEqual([
      expect.objectContaining({ name: 'work-e-mail', value: 'ada@example.com', type: 'email' }),
      expect.objectContaining({ name: 'company-name', value: 'Acme' }),
      expect.objectContaining({ name: 'téléphone', value: '+33 1 23' }),
      expect.objectContaining({ name: 'field-3', value: 'no label' }),
    ]);
  });

  it('keeps a wizard’s steps in the browser and sends them with the final submit, later values winning', async () => {
    env = await boot({
      build,
      html: '<form id="w"><div id="s"><input name="email" value="old@example.com"><button type="button" id="next">Next</button></div></form>',
    });
    $('[name=email]').value = 'ada@example.com';
    await click('#next');
    expect(steps()).toEqual({ w: [expect.objectContaining({ name: 'email', value: 'ada@example.com' })] });
    expect(env.requests).toEqual([]); // a step sends nothing
    // The step unmounts (React), the last step shows.
    $('#s').innerHTML = '<input name="company" value="Acme"><input name="email" value=""><button>Send</button>';
    await submit(env, '#w');
    expect(env.requests).toHaveLength(1);
    expect(env.requests[0]!.body.fields.map((f) => [f.name, f.value])).toEqual([
      ['email', 'ada@example.com'],
      ['company', 'Acme'],
    ]);
  });

  it('never sends the values of a wizard the visitor abandons', async () => {
    env = await boot({
      build,
      html: '<form id="w"><input name="email" value="ada@example.com"><button type="button">Weiter</button></form><form id="o"><input name="x" value="other"><button>Go</button></form>',
    });
    await click('#w button');
    await vi.waitFor(() => expect(steps()).not.toBeNull());
    await submit(env, '#o'); // a positive signal: another form's capture went
    expect(env.requests).toHaveLength(1);
    expect(sentStrings(env.requests.map((r) => r.body)).filter((s) => s.includes('ada@'))).toEqual([]);
  });
});
