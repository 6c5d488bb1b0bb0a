// Configuration that complains: each var rule refuses a bad value with `503 misconfigured` naming the
// var and one `config.invalid` log line; wrangler.toml's own values pass; the dead-letter queue has one name.
import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import wranglerToml from '../../wrangler.toml?raw';
import { ConfigSchema } from '../../worker/config';
import { MISCONFIGURED_RETRY_SECONDS } from '../../worker/delivery/consumer';
import { DEAD_LETTER_QUEUE } from '../../worker/delivery/dead-letters';
import type { DeliveryJob } from '../../worker/delivery/job';
import type { Env } from '../../worker/env';
import worker from '../../worker/index';
import { SITE, capture } from './helpers';

afterEach(() => vi.restoreAllMocks());

/** The log lines the worker wrote while `run` ran, parsed. */
async function logged<T>(run: () => Promise<T>): Promise<{ result: T; lines: Record<string, unknown>[] }> {
  const spy = vi.spyOn(console, 'log');
  const result = await run();
  const lines = spy.mock.calls.flat().map((l) => JSON.parse(String(l)) as Record<string, unknown>);
  spy.mockRestore();
  return { result, lines };
}

type Answer = { error?: { code: string; issues: { path: string; message: string }[] } };

/** A capture posted to the worker with exactly these bindings (the same object each time it is given). */
async function postWith(bindings: Env) {
  const ctx = createExecutionContext();
  const req = new Request('https://beacon.example.net/v1/submissions', { method: 'POST', headers: { origin: SITE }, body: JSON.stringify(capture()) });
  const res = await worker.fetch(req as Parameters<typeof worker.fetch>[0], bindings, ctx);
  await waitOnExecutionContext(ctx);
  return { res, body: (await res.json()) as Answer };
}

/** A capture posted with these bindings and a recording queue, to see what was enqueued. */
async function post(bindings: Env) {
  const sent: DeliveryJob[] = [];
  const queue = { send: async (job: DeliveryJob) => void sent.push(job) } as unknown as Queue;
  return { ...(await postWith({ ...bindings, CAPTURE_QUEUE: queue })), sent };
}

/** [var, a bad value, the rule it breaks]: one case per rule of ConfigSchema. */
const BAD: [keyof Env & string, string | undefined, string][] = [
  ['ARCHITECT_TIMEOUT_MS', 'ten', 'a whole number'],
  ['MAX_ATTEMPTS', '0', 'from 1 to 100'],
  ['RETRY_BASE_SECONDS', '1.5', 'a whole number'],
  ['RETRY_MAX_SECONDS', '86400', 'to 43200'],
  ['MIN_FILL_MS', '', 'a whole number'],
  ['DEFAULT_SOURCE', 'Website', 'kebab-case'],
  ['LOG_TYPE', 'form submission', 'kebab-case'],
  ['SOURCE_BY_ORIGIN', '{"https://shop.example.org":', 'a JSON object'],
  ['SOURCE_BY_ORIGIN', '["shop"]', 'a JSON object'],
  ['SOURCE_BY_ORIGIN', '{"https://shop.example.org":"Shop Page"}', 'kebab-case'],
  ['SOURCE_BY_ORIGIN', '{"shop.example.org":"shop"}', 'origins'],
  ['ALLOWED_ORIGINS', 'https://www.example.com, www.example.org', 'comma list of origins'],
  ['DEMO_PAGE', 'yes', '"true" or "false"'],
  ['RATE_LIMITS', 'false', '"on" or "off"'],
  ['DEFAULT_PHONE_REGION', 'usa', 'ISO 3166-1 alpha-2'],
  ['DEFAULT_PHONE_REGION', 'XX', 'ISO 3166-1 alpha-2'],
  ['ROUTE_PREFIX', '_pb', 'a path such as "/_pb"'],
  ['ARCHITECT_API_URL', 'api.tryarchitect.com', 'an http(s) URL'],
  ['ALLOWED_ORIGINS', undefined, 'missing'],
];

describe('a bad var', () => {
  it.each(BAD)('%s = %j answers 503 misconfigured naming it (%s), logs it once, enqueues nothing', async (name, value, rule) => {
    const { result, lines } = await logged(() => post({ ...env, [name]: value } as Env));
    expect(result.res.status).toBe(503);
    expect(result.body.error?.code).toBe('misconfigured');
    expect(result.body.error?.issues).toEqual([{ path: name, message: expect.stringContaining(rule) }]);
    // The rule, never the value (short values may be part of the rule's own words).
    if (value && value.length > 3 && !rule.includes(value)) expect(JSON.stringify(result.body)).not.toContain(value);
    expect(result.sent).toEqual([]);
    expect(lines.filter((l) => l.event === 'config.invalid')).toEqual([{ level: 'error', event: 'config.invalid', vars: name, message: expect.any(String) }]);
  });

  it('is parsed once per env: a second request logs nothing new and is refused the same way', async () => {
    const bad = { ...env, MAX_ATTEMPTS: 'many' } as Env;
    await postWith(bad);
    const { result, lines } = await logged(() => postWith(bad));
    expect(result.body.error?.issues).toEqual([{ path: 'MAX_ATTEMPTS', message: expect.any(String) }]);
    expect(lines.filter((l) => l.event === 'config.invalid')).toEqual([]);
  });

  it('puts a delivery batch back on the queue, untouched, instead of delivering it with a guess', async () => {
    const batch = createMessageBatch('prospect-beacon-captures', [{ id: 'bad-config-1', timestamp: new Date(), attempts: 1, body: { v: 1 } }]);
    const retryAll = vi.spyOn(batch, 'retryAll');
    const ctx = createExecutionContext();
    const { lines } = await logged(() => worker.queue(batch as MessageBatch<DeliveryJob>, { ...env, RETRY_BASE_SECONDS: '-1' } as Env, ctx));
    const result = await getQueueResult(batch, ctx);
    expect(retryAll).toHaveBeenCalledWith({ delaySeconds: MISCONFIGURED_RETRY_SECONDS });
    expect(result).toMatchObject({ retryBatch: { retry: true }, explicitAcks: [], retryMessages: [] });
    expect(lines.map((l) => [l.event, l.vars])).toEqual([['config.invalid', 'RETRY_BASE_SECONDS']]);
  });
});

/** wrangler.toml's [vars] section as name → value (its values are plain double-quoted strings). */
function tomlVars(): Record<string, string> {
  const section = /^\[vars\]\n([\s\S]*?)(?=^\[)/m.exec(wranglerToml)?.[1] ?? '';
  return Object.fromEntries([...section.matchAll(/^([A-Z_]+) = "(.*)"/gm)].map(([, k, val]) => [k, val]));
}

describe('the good values', () => {
  it('the schema and wrangler.toml name the same vars: none is read unchecked, none checked but never set', () => {
    expect(Object.keys(ConfigSchema.entries).sort()).toEqual(Object.keys(tomlVars()).sort());
  });

  it("wrangler.toml's own vars parse, to the defaults the README lists", () => {
    const parsed = v.parse(ConfigSchema, tomlVars());
    expect(parsed).toMatchObject({
      ARCHITECT_API_URL: 'https://api.tryarchitect.com',
      DEFAULT_SOURCE: 'website',
      LOG_TYPE: 'form-submission',
      DEFAULT_PHONE_REGION: 'US',
      ROUTE_PREFIX: '',
      ALLOWED_ORIGINS: [],
      ARCHITECT_TIMEOUT_MS: 10_000,
      RETRY_BASE_SECONDS: 10,
      RETRY_MAX_SECONDS: 3600,
      MAX_ATTEMPTS: 10,
      DEMO_PAGE: false,
      RATE_LIMITS: true,
      MIN_FILL_MS: 1500,
      SOURCE_BY_ORIGIN: {},
    });
  });

  it('reads lists, JSON and prefixes the way the code uses them', () => {
    const parsed = v.parse(ConfigSchema, {
      ...tomlVars(),
      ALLOWED_ORIGINS: ' https://www.example.com/, https://*.example.org ,http://[::1]:8787, *',
      SOURCE_BY_ORIGIN: '{"https://shop.example.org":"shop-checkout"}',
      ROUTE_PREFIX: '/_pb/',
      RATE_LIMITS: 'off',
    });
    expect(parsed).toMatchObject({
      ALLOWED_ORIGINS: ['https://www.example.com', 'https://*.example.org', 'http://[::1]:8787', '*'],
      SOURCE_BY_ORIGIN: { 'https://shop.example.org': 'shop-checkout' },
      ROUTE_PREFIX: '/_pb',
      RATE_LIMITS: false,
    });
  });

  it('the test bindings pass: a capture is accepted and enqueued', async () => {
    const { res, sent } = await post(env);
    expect(res.status).toBe(202);
    expect(sent).toHaveLength(1);
  });
});

describe('the dead-letter queue', () => {
  it('is the one wrangler.toml names as the captures consumer’s dead_letter_queue and gives a consumer', () => {
    const consumers = wranglerToml.split('[[queues.consumers]]').slice(1);
    const captures = consumers.find((c) => c.includes('queue = "prospect-beacon-captures"'));
    expect(captures).toMatch(new RegExp(`^dead_letter_queue = "${DEAD_LETTER_QUEUE}"$`, 'm'));
    expect(consumers.filter((c) => new RegExp(`^queue = "${DEAD_LETTER_QUEUE}"$`, 'm').test(c))).toHaveLength(1);
  });
});
