// The snippet's form analytics in happy-dom, per page view: the page view, a view per form, one start, returns, the
// time to complete, an abandon naming the last field (never a value); nothing with data-analytics="off" or in the
// build without analytics, and no storage or cookie written.
import { afterEach, describe, expect, it } from 'vitest';
import { boot, submit } from './harness';
import { type Env, events, focus, go, hide, leave, sent, type } from './analytics-helpers';

const PAGE = 'https://www.example.com/pricing';
const FORMS = `
  <form id="demo"><input name="full_name"><input name="work_email" type="email"><input name="company"><button>Send</button></form>
  <form name="news"><input name="email" type="email"></form>`;
let env: Env | undefined;
afterEach(() => env?.close());

describe('form analytics', () => {
  it('counts the page view and one view per form present once the page is idle, in one request with the page (no #fragment) and referrer', async () => {
    env = await boot({ html: FORMS, url: `${PAGE}?utm_source=news#pricing-table`, referrer: 'https://www.google.com/' });
    await expect.poll(() => sent(env!).length).toBe(1);
    expect(sent(env)[0]).toEqual([
      `${PAGE}?utm_source=news`,
      'https://www.google.com/',
      [
        ['', 3],
        ['demo', 0],
        ['news', 0],
      ],
    ]);
  });

  it('counts the page view of a page without any form', async () => {
    env = await boot({ html: '<h1>About us</h1>' });
    await expect.poll(() => sent(env!).length).toBe(1);
    expect(sent(env)[0]).toEqual([PAGE, '', [['', 3]]]);
  });

  it('counts one start however many fields are touched, a return to a field left for another once, and an abandon naming the last field, never a value', async () => {
    env = await boot({ html: FORMS });
    await expect.poll(() => sent(env!).length).toBe(1);
    focus(env, '[name=full_name]');
    type(env, '[name=full_name]', 'Ada Lovelace');
    focus(env, '[name=work_email]');
    type(env, '[name=work_email]', 'ada@example.com');
    focus(env, '[name=full_name]');
    focus(env, '[name=company]');
    focus(env, '[name=full_name]');
    type(env, '[name=company]', 'Analytical Engines');
    leave(env);
    expect(events(env).slice(3)).toEqual([
      [PAGE, 'demo', 1, 'full_name'],
      [PAGE, 'demo', 4, 'full_name'],
      [PAGE, 'demo', 4, 'company'],
      [PAGE, 'demo', 2, 'company'],
    ]);
    const all = JSON.stringify(sent(env));
    for (const value of ['Ada', 'ada@example.com', 'Analytical']) expect(all).not.toContain(value);
    // Parts an event does not have are left out, never sent as null (the worker expects a time as a number).
    expect(sent(env)[1]![2]).toEqual([
      ['demo', 1, 'full_name'],
      ['demo', 4, 'full_name'],
      ['demo', 4, 'company'],
      ['demo', 2, 'company'],
    ]);
  });

  it('starts the funnel at the first input in a field that had no focus event (an autofocused field)', async () => {
    env = await boot({ html: FORMS });
    await expect.poll(() => sent(env!).length).toBe(1);
    type(env, '#demo [name=work_email]', 'ada@example.com');
    type(env, '#demo [name=work_email]', 'ada@example.org');
    leave(env);
    expect(events(env).slice(3)).toEqual([
      [PAGE, 'demo', 1, 'work_email'],
      [PAGE, 'demo', 2, 'work_email'],
    ]);
  });

  it('counts a submitted form as completed with the time since its start, and no abandon, not even when the page is left twice', async () => {
    env = await boot({ html: FORMS });
    await expect.poll(() => sent(env!).length).toBe(1);
    const started = Date.now();
    focus(env, '#demo [name=work_email]');
    await new Promise((r) => setTimeout(r, 30));
    await submit(env, '#demo');
    const took = Date.now() - started;
    await submit(env, '#demo');
    focus(env, '[name=email]');
    leave(env);
    leave(env);
    expect(events(env).slice(3)).toEqual([
      [PAGE, 'demo', 1, 'work_email'],
      [PAGE, 'demo', 5, 'work_email'],
      [PAGE, 'news', 1, 'email'],
      [PAGE, 'news', 2, 'email'],
    ]);
    const ms = sent(env)[1]![2][1]![3]!;
    expect(Number.isInteger(ms)).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(30);
    expect(ms).toBeLessThanOrEqual(took);
  });

  it('counts a form submitted without a field touched (autofilled) as started and completed', async () => {
    env = await boot({ html: FORMS });
    await expect.poll(() => sent(env!).length).toBe(1);
    focus(env, '#demo button');
    await submit(env, '#demo');
    leave(env);
    expect(events(env).slice(3)).toEqual([
      [PAGE, 'demo', 1, 'submit'],
      [PAGE, 'demo', 5, 'submit'],
    ]);
  });

  it('takes no button for a field: the abandon names the last field, not the button focused after it', async () => {
    env = await boot({ html: FORMS });
    await expect.poll(() => sent(env!).length).toBe(1);
    focus(env, '#demo [name=company]');
    focus(env, '#demo button');
    focus(env, '#demo [name=company]');
    leave(env);
    expect(events(env).slice(3)).toEqual([
      [PAGE, 'demo', 1, 'company'],
      [PAGE, 'demo', 2, 'company'],
    ]);
  });

  it('counts the view of a form inserted after load when it appears, before any focus', async () => {
    env = await boot({ html: '<p>no form yet</p>' });
    await expect.poll(() => sent(env!).length).toBe(1);
    env.document.body.insertAdjacentHTML('beforeend', '<div role="dialog"><form id="late"><input name="email"></form></div>');
    await expect.poll(() => sent(env!).length).toBe(2);
    expect(sent(env)[1]).toEqual([PAGE, '', [['late', 0]]]);
    focus(env, '#late [name=email]');
    await submit(env, '#late');
    leave(env);
    expect(events(env).slice(2)).toEqual([
      [PAGE, 'late', 1, 'email'],
      [PAGE, 'late', 5, 'email'],
    ]);
  });

  it('sends what is pending when the tab is hidden, without an abandon: the visitor may come back', async () => {
    env = await boot({ html: FORMS });
    await expect.poll(() => sent(env!).length).toBe(1);
    focus(env, '#demo [name=company]');
    hide(env);
    expect(events(env).slice(3)).toEqual([[PAGE, 'demo', 1, 'company']]);
    await submit(env, '#demo');
    leave(env);
    expect(events(env).slice(4)).toEqual([[PAGE, 'demo', 5, 'company']]);
  });

  it.each([
    ['data-analytics="off"', { data: { analytics: 'off' } }],
    ['the build without analytics', { build: 'snippet.no-analytics.js' as never }],
  ])('sends nothing with %s: the capture goes, no count does', async (_name, opts) => {
    env = await boot({ html: FORMS, ...opts });
    focus(env, '#demo [name=work_email]');
    type(env, '#demo [name=work_email]', 'ada@example.com');
    await submit(env, '#demo');
    focus(env, '[name=email]');
    go(env, '/next');
    leave(env);
    // The capture reaching the network is the positive signal that the snippet ran.
    await expect.poll(() => env!.requests.length).toBe(1);
    expect(env.beacons.filter((b) => b.url.includes('/v1/events'))).toEqual([]);
  });

  it('writes no storage and no cookie: the same as with analytics off', async () => {
    const run = async (data: Record<string, string>) => {
      env = await boot({ html: FORMS, data });
      focus(env, '[name=email]');
      go(env, '/next');
      leave(env);
      await env.settle();
      const state = { local: { ...env.window.localStorage }, session: { ...env.window.sessionStorage }, cookie: env.document.cookie };
      env.close();
      env = undefined;
      return state;
    };
    const on = await run({});
    expect(on).toEqual(await run({ analytics: 'off' }));
    expect(on.cookie).toBe('');
  });
});
