// Personal data's lifetime, the browser's half: a campaign touch kept in localStorage (pb_touches) is dropped after 90 days.
import { afterEach, describe, expect, it } from 'vitest';
import { boot, submit } from './harness';

const DAY = 86_400_000;
const FORM = '<form><input name="email" value="ada@example.com"><button>Send</button></form>';
let env: Awaited<ReturnType<typeof boot>> | undefined;
afterEach(() => env?.close());

const stored = (ages: number[]) => ({
  pb_touches: JSON.stringify(ages.map((days, i) => ({ url: `https://www.example.com/?utm_source=s${i}`, referrer: '', ts: Date.now() - days * DAY }))),
});

describe('pb_touches expire after 90 days', () => {
  it.each([
    ['a 91-day-old first touch is dropped; the 10-day-old one is kept', [91, 10], ['s1']],
    ['touches of 89 and 5 days are both kept', [89, 5], ['s0', 's1']],
    ['two touches over 90 days: none is sent', [120, 95], []],
  ])('%s', async (_t, ages, kept) => {
    env = await boot({ html: FORM, storage: stored(ages) });
    await submit(env);
    const touches = env.requests[0]!.body.touches ?? [];
    expect(touches.map((t) => new URL(t.url).searchParams.get('utm_source'))).toEqual(kept);
  });
});
