// The snippet's form analytics in happy-dom: a view per form, one start, an abandon naming the last field (never a
// value), nothing with data-analytics="off" or in the build without analytics, and no storage or cookie written.
import { afterEach, describe, expect, it } from 'vitest';
import { boot, submit } from './harness';

type Sent = [string, string, [string, number, string?][]];
const EVENTS = 'https://beacon.example.net/v1/events';
const FORMS = `
  <form id="demo"><input name="full_name"><input name="work_email" type="email"><input name="company"><button>Send</button></form>
  <form name="news"><input name="email" type="email"></form>`;
let env: Awaited<ReturnType<typeof boot>> | undefined;
afterEach(() => env?.close());

/** What went to /v1/events, one entry per request. */
const sent = () => env!.beacons.filter((b) => b.url === EVENTS).map((b) => b.body as unknown as Sent);
function touch(selector: string, value?: string) {
  const el = env!.document.querySelector(selector) as unknown as HTMLInputElement;
  if (value !== undefined) el.value = value;
  el.dispatchEvent(new (win().Event)('focusin', { bubbles: true }));
}
/** The page's window with the DOM's own types (the harness's intersection type makes its constructors `never`). */
const win = () => env!.window as unknown as typeof globalThis;
const leave = () => win().dispatchEvent(new (win().Event)('pagehide'));

describe('form analytics', () => {
  it('counts one view per form present once the page is idle, in one request with the page (no #fragment) and referrer', async () => {
    env = await boot({ html: FORMS, url: 'https://www.example.com/pricing?utm_source=news#pricing-table', referrer: 'https://www.google.com/' });
    await expect.poll(() => sent().length).toBe(1);
    expect(sent()[0]).toEqual([
      'https://www.example.com/pricing?utm_source=news',
      'https://www.google.com/',
      [
        ['demo', 0],
        ['news', 0],
      ],
    ]);
  });

  it('counts one start however many fields are touched, and an abandon naming the last one, never its value', async () => {
    env = await boot({ html: FORMS });
    await expect.poll(() => sent().length).toBe(1);
    touch('[name=full_name]', 'Ada Lovelace');
    touch('[name=work_email]', 'ada@example.com');
    touch('[name=company]', 'Analytical Engines');
    leave();
    expect(sent()[1]![2]).toEqual([
      ['demo', 1],
      ['demo', 2, 'company'],
    ]);
    const all = JSON.stringify(sent());
    for (const value of ['Ada', 'ada@example.com', 'Analytical']) expect(all).not.toContain(value);
  });

  it('counts no abandon for a submitted form, and none twice when the page is left again', async () => {
    env = await boot({ html: FORMS });
    await expect.poll(() => sent().length).toBe(1);
    touch('#demo [name=work_email]', 'ada@example.com');
    await submit(env, '#demo');
    touch('[name=email]');
    leave();
    leave();
    expect(sent().slice(1)).toHaveLength(1);
    expect(sent()[1]![2]).toEqual([
      ['demo', 1],
      ['news', 1],
      ['news', 2, 'email'],
    ]);
  });

  it('counts the view of a form inserted after the idle scan at its first focus', async () => {
    env = await boot({ html: '<p>no form yet</p>' });
    env.document.body.insertAdjacentHTML('beforeend', '<form id="late"><input name="email"></form>');
    touch('#late [name=email]');
    await submit(env, '#late');
    leave();
    await expect.poll(() => sent().length).toBe(1);
    expect(sent()[0]![2]).toEqual([
      ['late', 0],
      ['late', 1],
    ]);
  });

  it.each([
    ['data-analytics="off"', { data: { analytics: 'off' } }],
    ['the build without analytics', { build: 'snippet.no-analytics.js' as never }],
  ])('sends nothing with %s: the capture goes, no count does', async (_name, opts) => {
    env = await boot({ html: FORMS, ...opts });
    touch('#demo [name=work_email]', 'ada@example.com');
    await submit(env, '#demo');
    touch('[name=email]');
    leave();
    // The capture reaching the network is the positive signal that the snippet ran.
    await expect.poll(() => env!.requests.length).toBe(1);
    expect(env.beacons.filter((b) => b.url.includes('/v1/events'))).toEqual([]);
  });

  it('writes no storage and no cookie: the same as with analytics off', async () => {
    const run = async (data: Record<string, string>) => {
      env = await boot({ html: FORMS, data });
      touch('[name=email]');
      leave();
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
