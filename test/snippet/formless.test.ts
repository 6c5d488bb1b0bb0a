// Formless flows, browser side: a final action in each of the 12 label languages, steps, and the
// buttons that are no final action (search, sign-in, any other). Both builds.
import { afterEach, describe, expect, it } from 'vitest';
import { BUILDS, boot, submit } from './harness';

let env: Awaited<ReturnType<typeof boot>> | undefined;
afterEach(async () => {
  expect(env?.errors ?? []).toEqual([]); // nothing of ours ever reaches the page
  await env?.close();
  env = undefined;
});
const $ = (sel: string) => env!.document.querySelector(sel) as unknown as HTMLElement & HTMLFormElement & HTMLInputElement;
const focus = async (sel: string) => {
  $(sel).focus();
  await env!.settle();
};
const click = async (sel: string) => {
  $(sel).click();
  await env!.settle();
};

describe.each(BUILDS)('%s', (build) => {
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
    // The visitor is in the field before the button: the first focus reads the page (and a page in another script
    // gets its word lists then, snippet/words.ts).
    $('input').focus();
    await env.settle();
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
    // The visitor types in both boxes first.
    await focus('[name=q]');
    await focus('[name=email]');
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
    await focus('[name=email]'); // the visitor types in the flow first
    await click('#n');
    expect(env.requests).toEqual([]);
    $('[name=email]').outerHTML = '<input name="company" value="Acme">';
    for (const b of ['#q', '#l', '#c', '#far', '#s']) await click(b);
    expect(env.requests).toHaveLength(1); // the last click, the flow's final action, is the only capture
    expect(env.requests[0]!.body.fields.map((f) => f.value)).toEqual(['ada@example.com', 'Acme']);
    await env.close();
    env = await boot({ build, html, data: { formless: 'off' } });
    await focus('[name=email]');
    await click('#s');
    await submit(env, 'body', false).catch(() => undefined);
    expect(env.requests).toEqual([]);
  });
});
