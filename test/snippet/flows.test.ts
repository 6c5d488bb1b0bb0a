// When the snippet loads the click handler of wizards and formless flows (/flows.js), and what a page does without it:
// only pages that show a wizard or a formless flow download it; a plain form's submit never needs it. Both builds.
import { afterEach, describe, expect, it } from 'vitest';
import { BUILDS, boot, submit } from './harness';

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

const FLOWS = 'https://beacon.example.net/flows.js';

let env: Awaited<ReturnType<typeof boot>> | undefined;
afterEach(async () => {
  expect(env?.errors ?? []).toEqual([]); // nothing of ours ever reaches the page
  await env?.close();
  env = undefined;
});
const $ = (sel: string) => env!.document.querySelector(sel) as unknown as HTMLElement & HTMLInputElement;
const act = async (fn: () => void) => {
  fn();
  await env!.settle();
};
const steps = () => env!.window.sessionStorage.getItem('pb_steps');

const CONTACT = '<form id="contact"><label>Email <input name="email" value="ada@example.com"></label><button>Send</button></form>';
const WIZARD = '<form id="w"><label>Email <input name="email" value="ada@example.com"></label><button type="button">Next</button></form>';
const FORMLESS = '<section id="cta"><input type="email" name="email" value="ada@example.com"><button>Request a demo</button></section>';

describe.each(BUILDS)('%s', (build) => {
  it('a page whose forms end on a submit button never loads it, through load, focus, typing and the submit it captures', async () => {
    env = await boot({ build, html: `${CONTACT}<nav><button>Menu</button><input type="search" name="q"></nav>` });
    await act(() => $('[name=email]').focus());
    await act(() => $('[name=q]').focus());
    await submit(env, '#contact');
    expect(env.requests).toHaveLength(1);
    expect(env.requests[0]!.body.fields).toEqual([expect.objectContaining({ name: 'email', value: 'ada@example.com' })]);
    expect(env.loaded).toEqual([]);
  });

  it.each([
    ['a plain button (a wizard)', WIZARD],
    ['a role="button" element', '<form id="w"><input name="email" value="ada@example.com"><a role="button">Continue</a></form>'],
    ['an <input type="button">', '<form id="w"><input name="email" value="ada@example.com"><input type="BUTTON" value="Next"></form>'],
  ])('loads it once the page is idle when a form has %s', async (_what, html) => {
    env = await boot({ build, html });
    expect(env.loaded).toEqual([FLOWS]);
    await act(() => $('input').focus());
    expect(env.loaded).toEqual([FLOWS]); // once
  });

  it.each([
    ['a field to type in outside any form', FORMLESS],
    ['a textarea outside any form', '<div id="ask"><textarea name="message"></textarea><span role="button">Send</span></div>'],
  ])('loads it at the first focus in %s, where the visitor types before clicking', async (_what, html) => {
    env = await boot({ build, html });
    expect(env.loaded).toEqual([]);
    await act(() => $('input,textarea').focus());
    expect(env.loaded).toEqual([FLOWS]);
    await act(() => $('input,textarea').focus());
    expect(env.loaded).toEqual([FLOWS]); // once
  });

  it('runs no query at idle, not even for a 300-field form: its markup, serialised for the word lists anyway, tells', async () => {
    // Counts the queries for plain buttons: one per field grew with the square of a form's size (19 ms for 300 fields).
    const before = `(() => { const q = Element.prototype.querySelector; let n = 0;
      Element.prototype.querySelector = function (s) { if (String(s).includes('role=button')) n++; return q.call(this, s); };
      window.buttonQueries = () => n; })();`;
    const fields = Array.from({ length: 300 }, (_, i) => `<div><label for="f${i}">Field ${i}</label><input id="f${i}" name="f${i}"></div>`);
    env = await boot({ build, html: `<form id="big">${fields.join('')}<button>Send</button></form>`, before });
    expect((env.window as unknown as { buttonQueries: () => number }).buttonQueries()).toBe(0);
    expect(env.loaded).toEqual([]);
  });

  it('does not load it for fields outside any form with data-formless="off", nor for hidden, search, checkbox or select fields', async () => {
    env = await boot({ build, html: FORMLESS, data: { formless: 'off' } });
    await act(() => $('input').focus());
    expect(env.loaded).toEqual([]);
    await env.close();
    env = await boot({
      build,
      html: '<input type="hidden" name="csrf" value="x"><input type="search" name="q"><input type="checkbox" name="analytics"><select name="lang"><option>en</option></select>',
    });
    await act(() => $('[name=q]').focus());
    await act(() => $('[name=analytics]').focus());
    expect(env.loaded).toEqual([]);
  });

  it('loads it at the focus in a flow mounted after the page was idle, in time for its button', async () => {
    env = await boot({ build, html: CONTACT });
    expect(env.loaded).toEqual([]);
    // A modal opens with a formless flow, or a router renders a wizard.
    env.document.body.insertAdjacentHTML('beforeend', FORMLESS);
    await act(() => $('#cta input').focus());
    expect(env.loaded).toEqual([FLOWS]);
    await act(() => $('#cta button').click());
    expect(env.requests).toHaveLength(1);
    expect(env.requests[0]!.body).toMatchObject({ form: { key: 'cta' }, fields: [{ name: 'email', value: 'ada@example.com' }] });
  });

  it('loads it at the focus in a form that gained a plain button after the page was idle', async () => {
    env = await boot({ build, html: CONTACT });
    $('#contact').insertAdjacentHTML('beforeend', '<button type="button">Next</button>');
    await act(() => $('[name=email]').focus());
    expect(env.loaded).toEqual([FLOWS]);
    await act(() => $('[type=button]').click());
    expect(steps()).toContain('ada@example.com');
  });

  it('does not load it for a search box outside any form, a data-role="button" or a form without a plain button', async () => {
    env = await boot({
      build,
      html: `<div role="search"><input type="text" name="q"><button>Go</button></div><form id="m"><input name="email" value="ada@example.com"><span data-role="button">x</span><button>Send</button></form>`,
    });
    await act(() => $('[name=q]').focus());
    await act(() => $('[name=email]').focus());
    await submit(env, '#m'); // the positive signal: the form's submit went
    expect(env.requests).toHaveLength(1);
    expect(env.loaded).toEqual([]);
  });

  it('a click on a radio of a wizard that appeared after idle (Safari focuses neither radios nor buttons) asks for it', async () => {
    env = await boot({ build, html: CONTACT });
    env.document.body.insertAdjacentHTML(
      'beforeend',
      '<form id="w"><label><input type="radio" name="plan" value="team"> Team</label><button type="button">Next</button></form>',
    );
    await act(() => $('[value=team]').click());
    expect(env.loaded).toEqual([FLOWS]);
    await act(() => $('#w [type=button]').click());
    expect(steps()).toContain('"team"');
  });

  it('a click made after it was asked for and before it arrived is handled once it arrives, with the values then', async () => {
    env = await boot({ build, html: CONTACT, delayFlows: 100 });
    env.document.body.insertAdjacentHTML(
      'beforeend',
      '<form id="q"><input name="email" value="ada@example.com"><button type="button">Request a quote</button></form>',
    );
    // Chromium focuses a button it clicks: the focus asks for the file, the click comes before it is there.
    $('#q button').focus();
    $('#q button').click();
    expect(env.requests).toEqual([]);
    await later(200);
    await env.settle();
    expect(env.requests).toHaveLength(1);
    expect(env.requests[0]!.body).toMatchObject({ form: { key: 'q' }, fields: [{ name: 'email', value: 'ada@example.com' }] });
  });

  it('a site whose prospectBeacon is gone still gets its touch stored, and sees no error', async () => {
    env = await boot({
      build,
      html: WIZARD,
      url: 'https://www.example.com/landing?utm_source=news',
      after: 'delete window.prospectBeacon;',
    });
    expect(env.window.localStorage.getItem('pb_touches')).toContain('utm_source=news');
    await env.close();
    // The page loads /flows.js itself, with something else of the site's under the handover's name: nothing throws (the
    // harness fails any error that reaches the page), and a form submit is captured as ever.
    const own =
      "window.prospectBeacon._f = 42; const s = document.createElement('script'); s.src = 'https://beacon.example.net/flows.js'; document.head.appendChild(s);";
    env = await boot({ build, html: CONTACT, after: own });
    expect(env.loaded).toEqual([FLOWS]);
    await submit(env, '#contact');
    expect(env.requests).toHaveLength(1);
  });

  describe('blocked (a CSP that allows only /s.js), or not there yet', () => {
    it('a wizard step keeps nothing and a formless final action sends nothing; a form submit is captured as ever', async () => {
      env = await boot({ build, html: `${WIZARD}${FORMLESS}${CONTACT}`, blockFlows: true });
      await act(() => $('#cta input').focus());
      expect(env.loaded).toEqual([FLOWS]);
      await act(() => $('#w [type=button]').click());
      await act(() => $('#cta button').click());
      expect(steps()).toBeNull();
      expect(env.requests).toEqual([]);
      await submit(env, '#contact');
      expect(env.requests).toHaveLength(1);
      expect(env.requests[0]!.body.form).toMatchObject({ key: 'contact' });
    });

    it('a click before the handler is there decides nothing; once the focus in the flow brought it, the next one does', async () => {
      env = await boot({ build, html: FORMLESS });
      await act(() => $('#cta button').click());
      expect(env.requests).toEqual([]);
      await act(() => $('#cta input').focus());
      expect(env.loaded).toEqual([FLOWS]);
      await act(() => $('#cta button').click());
      expect(env.requests).toHaveLength(1);
    });
  });
});
