// The keepalive quota accounting in snippet/send.ts: navigating submits go kept alive while under 60,000 B in
// flight, past it without keepalive, and only kept-alive requests count against the quota when answered.
import { afterEach, expect, it } from 'vitest';
import { boot, submit } from './harness';

let env: Awaited<ReturnType<typeof boot>> | undefined;
afterEach(async () => {
  expect(env?.errors ?? []).toEqual([]);
  await env?.close();
  env = undefined;
});

it.each(['snippet.js', 'snippet.debug.js'] as const)(
  '%s: keeps navigating submits alive up to 60,000 B in flight, then sends without keepalive',
  async (build) => {
    // Every request stays in flight until the test answers it.
    const answers: ((status: number) => void)[] = [];
    env = await boot({
      build,
      // Six notes of 4,000 characters (the per-field limit, common/limits.ts): ~24 KB a capture.
      html: `<form><input name="email" value="ada@example.com">${'<textarea name="notes"></textarea>'.repeat(6)}<button>Go</button></form>`,
      respond: () => new Promise<number>((resolve) => answers.push(resolve)),
    });
    const notes = [...env.document.querySelectorAll('textarea')] as unknown as HTMLTextAreaElement[];
    // Under the 32 KiB body limit, so none is shortened: two fit under 60,000 B, a third does not.
    const send = async (i: number) => {
      for (const n of notes) n.value = `${i}`.padEnd(4000, 'x'); // new values: a new submission, not a double click
      await submit(env!, 'form', false); // not prevented: the page navigates, so the snippet asks for keepalive
    };
    const keepalive = () => env!.requests.map((r) => r.keepalive);
    await send(1);
    await send(2);
    await send(3);
    const size = (i: number) => new TextEncoder().encode(JSON.stringify(env!.requests[i]!.body)).length;
    expect([size(0), size(1)].every((s) => s > 24_000 && s < 30_000)).toBe(true);
    expect(size(0) + size(1)).toBeLessThan(60_000);
    expect(size(0) + size(1) + size(2)).toBeGreaterThan(60_000);
    expect(keepalive()).toEqual([true, true, false]);

    // The first answer frees its bytes: the next one is kept alive again.
    answers[0]!(202);
    await env.settle();
    await send(4);
    expect(keepalive()).toEqual([true, true, false, true]);

    // Answering the request sent without keepalive frees nothing: 2 and 4 still fill the quota.
    answers[2]!(202);
    await env.settle();
    await send(5);
    expect(keepalive()).toEqual([true, true, false, true, false]);

    for (const answer of answers) answer(202);
    await env.settle();
    expect(env.events.filter((e) => e.type === 'sent')).toHaveLength(5);
  },
);
