// The never-sent rules (common/sensitive.ts), table-driven: for each rule, labels in 8+ languages on a field with
// no telling name or id never leave the browser; lead fields, some close to the rules, still do. Both builds.
import { afterEach, describe, expect, it } from 'vitest';
import { NEVER_SENT, SENT } from '../never-sent.table';
import { BUILDS, boot, sentStrings, submit } from './harness';

let env: Awaited<ReturnType<typeof boot>> | undefined;
afterEach(async () => {
  expect(env?.errors ?? []).toEqual([]);
  await env?.close();
  env = undefined;
});
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
/** One form with every label of a list, each on field fN whose value is its own secret V-N-secret. */
const form = (labels: string[]) =>
  `<form><input name="email" value="ada@example.com">${labels.map((l, i) => `<label for="f${i}">${esc(l)}</label><input id="f${i}" name="f${i}" value="V-${i}-secret">`).join('')}<button>Go</button></form>`;

describe.each(BUILDS)('%s', (build) => {
  it.each(Object.entries(NEVER_SENT))('never sends %s', async (_rule, labels) => {
    env = await boot({ build, html: form(labels) });
    await submit(env);
    expect(env.requests).toHaveLength(1);
    const body = env.requests[0]!.body;
    // Per label: which ones leaked, by name, so a failure names the label.
    expect(body.fields.filter((f) => f.name !== 'email').map((f) => labels[+f.name.slice(1)])).toEqual([]);
    expect(sentStrings([body]).filter((s) => s.includes('-secret'))).toEqual([]);
  });

  it('sends lead fields, including labels close to the rules', async () => {
    env = await boot({ build, html: form(SENT) });
    await submit(env);
    const sent = new Set(env.requests[0]!.body.fields.map((f) => f.name));
    expect(SENT.filter((_l, i) => !sent.has(`f${i}`))).toEqual([]);
  });
});
