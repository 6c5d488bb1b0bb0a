// The word lists for labels and buttons in Cyrillic, Devanagari, Japanese, Chinese and Korean: a second file (/words.js)
// that only pages written in those scripts load, and what the snippet does before it is there (it fails closed).
import { afterEach, describe, expect, it } from 'vitest';
import { BUILDS, boot, submit } from './harness';

const WORDS = 'https://beacon.example.net/words.js';
const FLOWS = 'https://beacon.example.net/flows.js';
let env: Awaited<ReturnType<typeof boot>> | undefined;
afterEach(async () => {
  expect(env?.errors ?? []).toEqual([]);
  await env?.close();
  env = undefined;
});
const $ = (sel: string) => env!.document.querySelector(sel) as unknown as HTMLElement & HTMLInputElement;
const sentNames = () => env!.requests.flatMap((r) => r.body.fields.map((f) => f.name));

/** A lead form labelled in one script: a name and an e-mail that go, and a field the never-sent rule keeps back. */
const form = (name: string, secret: string, button = 'OK') =>
  `<form id="lead"><label>${name} <input name="name" value="Ada"></label><label>Email <input name="email" value="ada@example.com"></label>` +
  `<label>${secret} <input name="extra" value="1234 5678"></label><button>${button}</button></form>`;

describe.each(BUILDS)('%s', (build) => {
  it('a page in Latin script never downloads the word lists, through load, focus and submit', async () => {
    env = await boot({ build, html: form('Name', 'Tax ID') });
    $('[name=name]').focus();
    await env.settle();
    await submit(env);
    expect(sentNames()).toEqual(['name', 'email']);
    expect(env.loaded).toEqual([]);
  });

  it.each([
    ['Russian', 'Имя', 'ИНН'],
    ['Russian', 'Ваше имя', 'Контрольный вопрос'],
    ['Japanese', 'お名前', 'マイナンバー'],
    ['Chinese', '姓名', '身份证号码'],
    ['Hindi', 'नाम', 'आधार संख्या'],
    ['Korean', '이름', '비밀번호 힌트'],
  ])('a form in %s (%s) loads the word lists once the page is idle, and they keep "%s" back', async (_lang, name, secret) => {
    env = await boot({ build, html: form(name, secret) });
    // Before any focus: the page's forms are read once it is idle.
    expect(env.loaded).toEqual([WORDS]);
    $('[name=name]').focus();
    await env.settle();
    await submit(env);
    expect(sentNames()).toEqual(['name', 'email']);
    expect(env.requests[0]!.body.fields[0]).toMatchObject({ name: 'name', label: `${name} ` });
    expect(env.loaded).toEqual([WORDS]); // once, whatever else asks again
  });

  it('a form whose only text in those scripts is in placeholders and its button loads them at idle too', async () => {
    env = await boot({
      build,
      html: '<form><input name="name" placeholder="Имя" value="Ada"><input name="email" placeholder="Почта" value="ada@example.com"><input type="submit" value="Отправить"></form>',
    });
    expect(env.loaded).toEqual([WORDS]);
    await submit(env);
    expect(sentNames()).toEqual(['name', 'email']);
  });

  it('a form that appears after load in another script loads them at the first focus', async () => {
    env = await boot({ build, html: '<main></main>' });
    expect(env.loaded).toEqual([]);
    $('main').innerHTML = form('Имя', 'ИНН');
    $('[name=name]').focus();
    await env.settle();
    expect(env.loaded).toEqual([WORDS]);
    await submit(env);
    expect(sentNames()).toEqual(['name', 'email']);
  });

  describe('before the word lists are there (a submit within milliseconds, or the file blocked)', () => {
    /** Submitted in the same task as the snippet's load: before the page is idle, so before the lists were asked for. */
    const race = (prevent: boolean) =>
      `document.forms[0].addEventListener('submit', (e) => ${prevent ? 'e.preventDefault()' : '0'}); document.forms[0].requestSubmit();`;

    /** Lets `ms` pass (the word lists arriving meanwhile), then what they set off settle. */
    const later = async (ms: number) => {
      await new Promise((r) => setTimeout(r, ms));
      await env!.settle();
    };
    const stored = () => JSON.stringify([env!.window.localStorage.getItem('pb_outbox'), env!.window.sessionStorage.getItem('pb_steps')]);

    it('a submit the page handles waits for them, storing nothing meanwhile; then the name goes in its place, the tax id does not', async () => {
      env = await boot({ build, html: form('Имя', 'ИНН'), after: race(true), delayWords: 200 });
      expect(env.loaded).toEqual([WORDS]);
      expect(env.events.map((e) => e.type)).toEqual(['captured']);
      expect(env.requests).toEqual([]); // the lists are on their way
      expect(stored()).not.toMatch(/Ada|1234/);
      await later(300);
      expect(sentNames()).toEqual(['name', 'email']);
      expect(JSON.stringify(env.requests)).not.toContain('1234 5678');
    });

    it('a form labelled only in those scripts is captured too, and sent once they are there', async () => {
      env = await boot({
        build,
        html: '<form><label>Имя <input name="name" value="Ada"></label><label>Почта <input name="email" value="ada@example.com"></label><button>OK</button></form>',
        after: race(true),
        delayWords: 100,
      });
      expect(env.events.map((e) => e.type)).toEqual(['captured']);
      await later(200);
      expect(sentNames()).toEqual(['name', 'email']);
    });

    it('a form whose every field the lists keep back sends nothing once they are there', async () => {
      env = await boot({
        build,
        html: '<form><label>ИНН <input name="a" value="7707083893"></label><label>Номер паспорта <input name="b" value="4510 123456"></label><button>OK</button></form>',
        after: race(true),
        delayWords: 50,
      });
      await later(100);
      env.window.dispatchEvent(new (env.window as unknown as typeof globalThis).Event('pagehide'));
      await env.settle();
      expect(env.events.map((e) => e.type)).toEqual(['captured']);
      expect(env.requests).toEqual([]);
      expect(stored()).not.toMatch(/7707083893|4510/);
    });

    it('a second submit that changes only a field labelled in those scripts is a second submission', async () => {
      env = await boot({
        build,
        html: form('Имя', 'ИНН'),
        after: `${race(true)} document.forms[0].querySelector('[name=name]').value = 'Bob'; document.forms[0].requestSubmit();`,
        delayWords: 100,
      });
      await later(200);
      expect(env.requests.map((r) => r.body.fields[0]!.value)).toEqual(['Ada', 'Bob']);
    });

    it('one waiting capture whose send fails at the arrival costs none of the others', async () => {
      env = await boot({
        build,
        html: form('Имя', 'ИНН'),
        after: `${race(true)} document.forms[0].querySelector('[name=name]').value = 'Bob'; document.forms[0].requestSubmit();`,
        delayWords: 100,
      });
      // The page's fetch throws once, at the first capture's send: a site's broken wrapper.
      const fetch = env.window.fetch;
      let broken = true;
      env.window.fetch = ((...a: Parameters<typeof fetch>) => {
        if (broken) {
          broken = false;
          throw new Error('broken fetch');
        }
        return fetch(...a);
      }) as typeof fetch;
      await later(200);
      expect(env.requests.map((r) => r.body.fields[0]!.value)).toEqual(['Bob']);
    });

    it('a capture held for consent keeps those fields when consent comes after the lists', async () => {
      env = await boot({ build, html: form('Имя', 'ИНН'), data: { consent: 'required' }, after: race(true), delayWords: 50 });
      await later(100);
      expect(env.requests).toEqual([]);
      env.window.prospectBeacon.consent(true);
      await env.settle();
      expect(sentNames()).toEqual(['name', 'email']);
    });

    it('a capture made through the API waits for them too: a call queued before the snippet loaded keeps its field named in Cyrillic', async () => {
      env = await boot({
        build,
        html: form('Имя', 'ИНН'),
        before:
          "window.prospectBeacon = function () { (prospectBeacon.q = prospectBeacon.q || []).push(arguments) }; prospectBeacon('capture', { email: 'ada@example.com', 'Имя': 'Ada' });",
        delayWords: 100,
      });
      expect(env.requests).toEqual([]);
      await later(200);
      expect(sentNames()).toEqual(['email', 'Имя']);
    });

    it('consent given before they arrive still waits for them', async () => {
      env = await boot({
        build,
        html: form('Имя', 'ИНН'),
        data: { consent: 'required' },
        after: `${race(true)} prospectBeacon.consent(true);`,
        delayWords: 100,
      });
      expect(env.requests).toEqual([]);
      await later(200);
      expect(sentNames()).toEqual(['name', 'email']);
    });

    it('a wizard step taken before they arrive keeps its other fields at once: a final submit in the meantime carries them', async () => {
      env = await boot({
        build,
        html: '<form id="w"><label>Email <input name="email" value="ada@example.com"></label><label>Имя <input name="name" value="Ada"></label><button type="button">Далее</button></form>',
        blockWords: true,
      });
      $('button').click();
      expect(env.window.sessionStorage.getItem('pb_steps')).toContain('"ada@example.com"');
      expect(env.window.sessionStorage.getItem('pb_steps')).not.toContain('"Ada"');
      $('form').innerHTML = '<label>Phone <input name="phone" value="+44 20 7946 0000"></label><button>OK</button>';
      await submit(env, 'form');
      leave();
      await env.settle();
      expect(sentNames()).toEqual(['email', 'phone']);
    });

    it('a wizard step taken before they arrive is kept once they are there, with its field labelled in those scripts', async () => {
      env = await boot({
        build,
        html: '<form id="w"><label>Почта <input name="email" value="ada@example.com"></label><label>Пароль <input name="secret" value="hunter2"></label><button type="button">Далее</button></form>',
        delayWords: 1000,
      });
      // Once the page is idle the flows' click handler is there, and the word lists are on their way.
      expect(env.loaded).toEqual([WORDS, FLOWS]);
      $('button').click();
      expect(stored()).not.toMatch(/ada@|hunter2/); // nothing stored undecided
      await later(1100);
      expect(stored()).toContain('ada@example.com');
      expect(stored()).not.toContain('hunter2');
      $('form').innerHTML = '<label>Phone <input name="phone" value="+44 20 7946 0000"></label><button>OK</button>';
      await submit(env, 'form');
      expect(sentNames()).toEqual(['email', 'phone']);
    });

    const leave = () => env!.window.dispatchEvent(new (env!.window as unknown as typeof globalThis).Event('pagehide'));

    it('a submit that navigates waits until the page is left, then goes without the fields labelled in those scripts', async () => {
      env = await boot({ build, html: form('Имя', 'ИНН'), after: race(false), blockWords: true });
      expect(env.requests).toEqual([]);
      leave();
      await env.settle();
      expect(sentNames()).toEqual(['email']);
      expect(JSON.stringify(env.requests)).not.toContain('Ada');
      expect(JSON.stringify(env.requests)).not.toContain('1234 5678');
    });

    it('with the file blocked, a field labelled in those scripts is never sent; the lead goes without it when the page is left', async () => {
      env = await boot({ build, html: form('Имя', 'ИНН'), blockWords: true });
      expect(env.loaded).toEqual([WORDS]);
      await submit(env);
      expect(env.events.map((e) => e.type)).toEqual(['captured']);
      expect(env.requests).toEqual([]); // waiting for the lists
      expect(stored()).not.toMatch(/Ada|1234/);
      leave();
      await env.settle();
      expect(sentNames()).toEqual(['email']);
      expect(JSON.stringify(env.requests)).not.toContain('1234 5678');
      expect(JSON.stringify(env.requests)).not.toContain('Ada');
    });

    it('a formless button in those scripts is a step kept in the tab, not a final action that sends', async () => {
      env = await boot({
        build,
        html: '<section id="cta"><input name="email" value="ada@example.com"><span role="button">Отправить</span></section>',
        blockWords: true,
      });
      $('input').focus();
      await env.settle();
      // The flows' click handler at idle (a field outside any form), the word lists at the focus (text outside any form).
      expect(env.loaded).toEqual([FLOWS, WORDS]);
      $('[role=button]').click();
      await env.settle();
      expect(env.requests).toEqual([]);
      expect(env.window.sessionStorage.getItem('pb_steps')).toContain('ada@example.com');
    });

    it.each([
      ['Войти', 'never'],
      ['Зарегистрироваться', 'only with the lists'],
    ])('a one-password form whose button reads %s is a login: captured %s', async (button, when) => {
      for (const blockWords of [true, false]) {
        const page = await boot({
          build,
          html: `<form><input name="email" value="ada@example.com"><input type="password" name="pw" value="x"><button>${button}</button></form>`,
          blockWords,
        });
        await submit(page);
        expect(page.errors).toEqual([]);
        // No capture at all (not one waiting for the lists): a login is decided at the submit.
        expect(page.events.map((e) => e.type)).toEqual(when === 'never' || blockWords ? [] : ['captured', 'sent']);
        await page.close();
      }
    });
  });
});
