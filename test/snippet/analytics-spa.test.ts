// Page views of single-page apps and of the back/forward cache in happy-dom: a route change that changes the path
// ends the page view under its own URL (a started form is an abandon) and starts the next one, without the
// referrer; a restore from the back/forward cache is a new page view with its forms viewed again.
import { afterEach, describe, expect, it } from 'vitest';
import { boot, submit } from './harness';
import { type Env, events, focus, go, leave, restore, sent, win } from './analytics-helpers';

const ORIGIN = 'https://www.example.com';
const CONTACT = '<form id="contact"><input name="email" type="email"><input name="message"><button>Send</button></form>';
let env: Env | undefined;
afterEach(() => env?.close());

/** A router: the path changes first, the new route's markup is rendered a moment later (as React and Vue do). */
async function route(path: string, html: string, how?: 'pushState' | 'replaceState') {
  go(env!, path, how);
  await new Promise((r) => setTimeout(r, 5));
  env!.document.getElementById('app')!.innerHTML = html;
}

describe('single-page navigation', () => {
  it('files a form mounted after a route change under the new URL: view, start, completed; the old page view keeps its own', async () => {
    env = await boot({ html: '<div id="app"><h1>Home</h1></div>', url: `${ORIGIN}/`, referrer: 'https://www.google.com/' });
    await expect.poll(() => sent(env!).length).toBe(1);
    await route('/contact', CONTACT);
    await expect.poll(() => sent(env!).length).toBe(2);
    expect(sent(env)[1]).toEqual([
      `${ORIGIN}/contact`,
      '',
      [
        ['', 3],
        ['contact', 0],
      ],
    ]);
    focus(env, '[name=email]');
    await submit(env, '#contact');
    leave(env);
    expect(events(env)).toEqual([
      [`${ORIGIN}/`, '', 3],
      [`${ORIGIN}/contact`, '', 3],
      [`${ORIGIN}/contact`, 'contact', 0],
      [`${ORIGIN}/contact`, 'contact', 1, 'email'],
      [`${ORIGIN}/contact`, 'contact', 5, 'email'],
    ]);
    expect(sent(env)[0]![1]).toBe('https://www.google.com/');
  });

  it('counts a started form the route change removes as an abandon of the old URL, naming the last field', async () => {
    env = await boot({ html: `<div id="app">${CONTACT}</div>`, url: `${ORIGIN}/contact` });
    await expect.poll(() => sent(env!).length).toBe(1);
    focus(env, '[name=email]');
    focus(env, '[name=message]');
    await route('/pricing', '<h1>Pricing</h1>');
    await expect.poll(() => sent(env!).length).toBe(3);
    expect(events(env)).toEqual([
      [`${ORIGIN}/contact`, '', 3],
      [`${ORIGIN}/contact`, 'contact', 0],
      [`${ORIGIN}/contact`, 'contact', 1, 'email'],
      [`${ORIGIN}/contact`, 'contact', 2, 'message'],
      [`${ORIGIN}/pricing`, '', 3],
    ]);
    // The abandon was counted once: leaving the new page view adds nothing for the old form.
    leave(env);
    expect(events(env)).toHaveLength(5);
  });

  it('counts a form that appeared late on the old route under the old URL when the route changes before it was scanned', async () => {
    env = await boot({ html: '<div id="app"></div>', url: `${ORIGIN}/` });
    await expect.poll(() => sent(env!).length).toBe(1);
    env.document.getElementById('app')!.innerHTML = CONTACT;
    go(env, '/about');
    env.document.getElementById('app')!.innerHTML = '<h1>About</h1>';
    await expect.poll(() => sent(env!).length).toBe(3);
    expect(events(env)).toEqual([
      [`${ORIGIN}/`, '', 3],
      [`${ORIGIN}/`, 'contact', 0],
      [`${ORIGIN}/about`, '', 3],
    ]);
  });

  it('starts no page view for a replaceState or pushState that keeps the path (a query or a fragment)', async () => {
    env = await boot({ html: `<div id="app">${CONTACT}</div>`, url: `${ORIGIN}/contact` });
    await expect.poll(() => sent(env!).length).toBe(1);
    go(env, '/contact?step=2', 'replaceState');
    go(env, '/contact#form', 'pushState');
    // The positive signal: a path change afterwards is one page view.
    await route('/pricing', '<h1>Pricing</h1>', 'replaceState');
    await expect.poll(() => sent(env!).length).toBe(2);
    expect(events(env).filter(([, , kind]) => kind === 3)).toEqual([
      [`${ORIGIN}/contact`, '', 3],
      [`${ORIGIN}/pricing`, '', 3],
    ]);
  });

  it('counts a back or forward button (popstate) as a new page view', async () => {
    env = await boot({ html: `<div id="app">${CONTACT}</div>`, url: `${ORIGIN}/contact` });
    await expect.poll(() => sent(env!).length).toBe(1);
    // What the browser does on "back": the URL is already the earlier one when popstate fires.
    const w = win(env);
    (w as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(`${ORIGIN}/`);
    w.dispatchEvent(new w.PopStateEvent('popstate'));
    await expect.poll(() => sent(env!).length).toBe(2);
    expect(sent(env)[1]).toEqual([
      `${ORIGIN}/`,
      '',
      [
        ['', 3],
        ['contact', 0],
      ],
    ]);
  });

  it('counts each path once where the Navigation API reports the same route change as history.pushState', async () => {
    // A browser with the Navigation API: currententrychange fires inside pushState, before it returns.
    const before = `window.navigation = new EventTarget();
      const push = history.pushState;
      history.pushState = function () { push.apply(this, arguments); navigation.dispatchEvent(new Event('currententrychange')); };`;
    env = await boot({ html: '<div id="app"></div>', url: `${ORIGIN}/`, before });
    await expect.poll(() => sent(env!).length).toBe(1);
    await route('/a', '<p>a</p>');
    await route('/b', '<p>b</p>');
    await expect.poll(() => sent(env!).length).toBe(3);
    expect(events(env)).toEqual([
      [`${ORIGIN}/`, '', 3],
      [`${ORIGIN}/a`, '', 3],
      [`${ORIGIN}/b`, '', 3],
    ]);
  });
});

describe('back/forward cache', () => {
  it('a visitor who starts, leaves, comes back and submits: the first page view has its abandon, the restored one its view, start and completion', async () => {
    env = await boot({ html: CONTACT, url: `${ORIGIN}/contact`, referrer: 'https://www.google.com/' });
    await expect.poll(() => sent(env!).length).toBe(1);
    focus(env, '[name=email]');
    leave(env, true);
    restore(env);
    focus(env, '[name=message]');
    await submit(env, '#contact');
    leave(env, true);
    const url = `${ORIGIN}/contact`;
    expect(events(env)).toEqual([
      [url, '', 3],
      [url, 'contact', 0],
      [url, 'contact', 1, 'email'],
      [url, 'contact', 2, 'email'],
      [url, '', 3],
      [url, 'contact', 0],
      [url, 'contact', 1, 'message'],
      [url, 'contact', 5, 'message'],
    ]);
    // Coming back is no new source: the restored page view has no referrer.
    expect(sent(env).map(([, referrer]) => referrer)).toEqual(['https://www.google.com/', 'https://www.google.com/', '', '']);
  });

  it('counts nothing new for a pageshow that is no restore (the first load)', async () => {
    env = await boot({ html: CONTACT, url: `${ORIGIN}/contact` });
    await expect.poll(() => sent(env!).length).toBe(1);
    const w = win(env);
    w.dispatchEvent(new w.Event('pageshow'));
    leave(env);
    // The positive signal: a restore afterwards is counted.
    restore(env);
    expect(events(env).filter(([, , kind]) => kind === 3)).toHaveLength(2);
  });
});
