// One lead per form and visit, browser side (issue 11): visit and form keys, unnamed controls, wizards, formless
// flows, login forms, markup that must not cost the lead, data-pb-* hints. Both builds.
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

  it.each([
    ['Request a demo'],
    ['Jetzt absenden'],
    ['Envoyer'],
    ['Suscribirse'],
    ['Inscrever-se'],
    ['Iscriviti'],
    ['Verzenden'],
    ['送信する'],
    ['提交'],
    ['Отправить'],
    ['भेजें'],
    ['Kirim'],
  ])('captures a formless flow whose final action reads %s', async (word) => {
    env = await boot({
      build,
      html: `<section id="cta"><input placeholder="Email" value="ada@example.com"><div><span role="button">${word}</span></div></section>`,
    });
    await click('[role=button]');
    expect(env.requests).toHaveLength(1);
    expect(env.requests[0]!.body).toMatchObject({ form: { key: 'cta' }, visit: expect.any(String), fields: [{ name: 'email', value: 'ada@example.com' }] });
  });

  it('does not take a search or sign-in button in any of the 12 languages for a final action', async () => {
    const words = [
      'Search',
      'Suchen',
      'Rechercher',
      'Buscar',
      'Pesquisar',
      'Cerca',
      'Zoeken',
      '検索',
      '搜索',
      'Найти',
      'खोजें',
      'Cari',
      'Sign in',
      'Anmelden',
      'Entrar',
      'ログイン',
    ];
    env = await boot({
      build,
      html: `<div id="box"><input name="q" value="typed query">${words.map((w) => `<button>${w}</button>`).join('')}</div><div id="f"><input name="email" value="ada@example.com"><button id="go">Send</button></div>`,
    });
    for (const b of env.document.querySelectorAll('#box button')) (b as unknown as HTMLElement).click();
    await click('#go'); // a positive signal: the real flow's capture went
    expect(env.requests.map((r) => r.body.form!.key)).toEqual(['f']);
  });

  it('keeps a formless flow’s steps and sends them with its final action; search boxes, login widgets and data-formless="off" send nothing', async () => {
    const html = `<div id="f"><input name="email" value="ada@example.com"><button id="n">Continuar</button><button id="s">Solicitar</button>
        <form><input name="newsletter" value="typed in a form"></form></div>
      <div role="search"><input name="q" value="typed query"><button id="q">Submit</button></div>
      <div><input name="user" value="ada"><input type="password" value="pw-secret"><button id="l">Log in</button></div>
      <div><input name="typed" value="typed only"><button id="c">Close</button></div>
      <div><input name="footer" value="typed far away"><div><div><div><div><button id="far">Contact us</button></div></div></div></div></div>`;
    env = await boot({ build, html });
    await click('#n');
    expect(env.requests).toEqual([]);
    $('[name=email]').outerHTML = '<input name="company" value="Acme">';
    for (const b of ['#q', '#l', '#c', '#far', '#s']) await click(b);
    expect(env.requests).toHaveLength(1); // the last click, the flow's final action, is the only capture
    expect(env.requests[0]!.body.fields.map((f) => f.value)).toEqual(['ada@example.com', 'Acme']);
    await env.close();
    env = await boot({ build, html, data: { formless: 'off' } });
    await click('#s');
    await submit(env, 'body', false).catch(() => undefined);
    expect(env.requests).toEqual([]);
  });
});
