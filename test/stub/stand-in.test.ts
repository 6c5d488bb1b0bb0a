// The stand-in Architect API enforces the contract exactly: auth, every pattern and length, idempotency,
// prospect matching, and faults on demand.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStub, type RunningStub } from '../../stub/server.ts';

let stub: RunningStub;
beforeAll(async () => {
  stub = await startStub({ apiKey: 'k-test' });
});
afterAll(() => stub.close());
beforeEach(async () => {
  await fetch(`${stub.url}/_stub/reset`, { method: 'POST' });
});

const valid = () => ({ source: 'landing-page', type: 'form-submission', payload: { a: 1 }, email: 'ada@example.com' });

function create(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${stub.url}/v0/prospect_logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'k-test', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const ERROR_SHAPE = { code: expect.any(String), message: expect.any(String), requestId: expect.stringMatching(/^req_/) };

describe('POST /v0/prospect_logs', () => {
  it("creates a log with ids and createdAt in the contract's formats", async () => {
    const res = await create(valid());
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({
      prospectId: expect.stringMatching(/^prospect_[a-z0-9]{26}$/),
      prospectLogId: expect.stringMatching(/^prospectlog_[a-z0-9]{26}$/),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
      createdProspect: true,
      source: 'landing-page',
      type: 'form-submission',
    });
  });

  it('defaults type to webhook when omitted', async () => {
    const { type: _omit, ...body } = valid();
    expect((await (await create(body)).json()).type).toBe('webhook');
  });

  it.each([
    ['no x-api-key', {}, 'missing'],
    ['a wrong x-api-key', { 'x-api-key': 'other' }, 'invalid'],
  ])('answers 401 for %s', async (_t, headers, word) => {
    const res = await fetch(`${stub.url}/v0/prospect_logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(valid()),
    });
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body).toMatchObject({ ...ERROR_SHAPE, code: 'UNAUTHORIZED' });
    expect(body.message).toContain(word);
  });

  it('answers 415 for a body that is not application/json', async () => {
    expect((await create(valid(), { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it.each([
    ['source missing', { source: undefined }, 'source'],
    ['source empty', { source: '' }, 'source'],
    ['source of 101 characters', { source: 'a'.repeat(101) }, 'source'],
    ['source not kebab-case', { source: 'Landing_Page' }, 'source'],
    ['type of 101 characters', { type: 'a'.repeat(101) }, 'type'],
    ['type empty', { type: '' }, 'type'],
    ['payload missing', { payload: undefined }, 'payload'],
    ['payload an array', { payload: [] }, 'payload'],
    ['payload null', { payload: null }, 'payload'],
    ['prospectId off pattern', { prospectId: 'prospect_ABC' }, 'prospectId'],
    ['prospectId empty', { prospectId: '' }, 'prospectId'],
    ['phoneNumber without +', { phoneNumber: '14155550134' }, 'phoneNumber'],
    ['phoneNumber starting +0', { phoneNumber: '+04155550134' }, 'phoneNumber'],
    ['phoneNumber of 16 digits', { phoneNumber: '+1234567890123456' }, 'phoneNumber'],
    ['linkedinProfileUrl empty', { linkedinProfileUrl: '' }, 'linkedinProfileUrl'],
    ['idempotencyKey empty', { idempotencyKey: '' }, 'idempotencyKey'],
    ['idempotencyKey of 256 characters', { idempotencyKey: 'k'.repeat(256) }, 'idempotencyKey'],
    ['name empty', { name: '' }, 'name'],
    ['name of 256 characters', { name: 'n'.repeat(256) }, 'name'],
    ['email not a string', { email: 42 }, 'email'],
    ['an unknown field', { nickname: 'x' }, 'nickname'],
  ])('answers 400 VALIDATION_ERROR naming the field for %s', async (_t, patch, path) => {
    const res = await create({ ...valid(), ...patch });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({ ...ERROR_SHAPE, code: 'VALIDATION_ERROR' });
    expect(body.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it.each([
    ['a 255-character name and idempotencyKey', { name: 'n'.repeat(255), idempotencyKey: 'k'.repeat(255) }],
    ['a 100-character source', { source: 'a'.repeat(100) }],
    ['a 15-digit phone number', { phoneNumber: '+123456789012345' }],
  ])('accepts the limits themselves: %s', async (_t, patch) => {
    expect((await create({ ...valid(), ...patch })).status).toBe(201);
  });

  it('answers 400 for a body that is not JSON', async () => {
    expect((await create('{oops')).status).toBe(400);
  });
});

describe('idempotency', () => {
  it('answers a repeated idempotencyKey with the first result and stores one log', async () => {
    const body = { ...valid(), idempotencyKey: 'pb_same' };
    const first = await (await create(body)).json();
    const again = await create(body);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(first);
    expect((await (await fetch(`${stub.url}/_stub/logs`)).json()).logs).toHaveLength(1);
  });

  it('refuses a reused key with a different body (422), storing nothing new', async () => {
    await create({ ...valid(), idempotencyKey: 'pb_reused' });
    const res = await create({ ...valid(), name: 'Someone Else', idempotencyKey: 'pb_reused' });
    expect(res.status).toBe(422);
    expect((await res.json()).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await (await fetch(`${stub.url}/_stub/logs`)).json()).logs).toHaveLength(1);
  });
});

describe('prospects', () => {
  it.each([
    ['e-mail, case-insensitively', { email: 'ada@example.com' }, { email: 'ADA@example.com' }],
    ['phone number', { phoneNumber: '+14155550134' }, { phoneNumber: '+14155550134' }],
    ['LinkedIn URL', { linkedinProfileUrl: 'https://www.linkedin.com/in/ada' }, { linkedinProfileUrl: 'https://www.linkedin.com/in/ada' }],
  ])('matches a returning prospect by %s', async (_t, a, b) => {
    const base = { source: 'x', payload: {} };
    const first = await (await create({ ...base, ...a })).json();
    const second = await (await create({ ...base, ...b })).json();
    expect(first.createdProspect).toBe(true);
    expect(second.createdProspect).toBe(false);
    expect(second.prospectId).toBe(first.prospectId);
  });

  it('writes to a known prospectId and refuses an unknown one with 404', async () => {
    const first = await (await create(valid())).json();
    const again = await create({ source: 'x', payload: {}, prospectId: first.prospectId });
    expect(again.status).toBe(201);
    expect((await again.json()).createdProspect).toBe(false);
    const unknown = await create({ source: 'x', payload: {}, prospectId: `prospect_${'0'.repeat(26)}` });
    expect(unknown.status).toBe(404);
  });
});

describe('faults', () => {
  const fault = (f: unknown) => fetch(`${stub.url}/_stub/faults`, { method: 'POST', body: JSON.stringify(f) });

  it('answers queued statuses in order, then recovers', async () => {
    await fault([
      { kind: 'status', status: 500 },
      { kind: 'status', status: 503, times: 2 },
    ]);
    expect((await create(valid())).status).toBe(500);
    expect((await create(valid())).status).toBe(503);
    expect((await create(valid())).status).toBe(503);
    expect((await create(valid())).status).toBe(201);
  });

  it('sends 429 with Retry-After in the header and the details', async () => {
    await fault({ kind: 'status', status: 429, retryAfter: 7 });
    const res = await create(valid());
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toMatchObject({ ...ERROR_SHAPE, code: 'RATE_LIMITED', details: { retryAfter: 7 } });
  });

  it('stores the log but garbles the 201 for a malformed fault; a retry gets the real answer', async () => {
    await fault({ kind: 'malformed' });
    const body = { ...valid(), idempotencyKey: 'pb_malformed' };
    const res = await create(body);
    expect(res.status).toBe(201);
    await expect(res.json()).rejects.toThrow();
    const retry = await create(body);
    expect((await retry.json()).prospectLogId).toMatch(/^prospectlog_/);
    expect((await (await fetch(`${stub.url}/_stub/logs`)).json()).logs).toHaveLength(1);
  });

  it('drops the connection', async () => {
    await fault({ kind: 'drop' });
    await expect(create(valid())).rejects.toThrow();
  });

  it('hangs past a client timeout', async () => {
    await fault({ kind: 'hang', ms: 2_000 });
    const res = fetch(`${stub.url}/v0/prospect_logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k-test' },
      body: JSON.stringify(valid()),
      signal: AbortSignal.timeout(200),
    });
    await expect(res).rejects.toThrow();
  });

  it('applies a fault aimed at one idempotencyKey only to that key', async () => {
    await fault({ kind: 'status', status: 500, idempotencyKey: 'pb_target' });
    expect((await create({ ...valid(), idempotencyKey: 'pb_other' })).status).toBe(201);
    expect((await create({ ...valid(), idempotencyKey: 'pb_target' })).status).toBe(500);
    expect((await create({ ...valid(), idempotencyKey: 'pb_target' })).status).toBe(201);
  });

  it('counts the calls per idempotencyKey, faulted ones included, and forgets them on reset', async () => {
    const calls = async (key: string) => ((await (await fetch(`${stub.url}/_stub/calls?idempotencyKey=${key}`)).json()) as { calls: number }).calls;
    await fault({ kind: 'status', status: 503, idempotencyKey: 'pb_counted' });
    expect((await create({ ...valid(), idempotencyKey: 'pb_counted' })).status).toBe(503);
    expect((await create({ ...valid(), idempotencyKey: 'pb_counted' })).status).toBe(201);
    expect((await create({ ...valid(), idempotencyKey: 'pb_counted' })).headers.get('idempotent-replayed')).toBe('true');
    expect((await create({ ...valid(), idempotencyKey: 'pb_else' })).status).toBe(201);
    expect([await calls('pb_counted'), await calls('pb_else'), await calls('pb_never')]).toEqual([3, 1, 0]);
    await fetch(`${stub.url}/_stub/reset`, { method: 'POST' });
    expect(await calls('pb_counted')).toBe(0);
  });

  it('applies an `every` fault to every Nth request until reset', async () => {
    await fault({ kind: 'status', status: 500, every: 3 });
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await create({ ...valid(), idempotencyKey: `pb_every_${i}` })).status);
    expect(statuses).toEqual([201, 201, 500, 201, 201, 500, 201]);
  });

  it('empties everything on reset', async () => {
    await create(valid());
    await fault({ kind: 'status', status: 500 });
    await fetch(`${stub.url}/_stub/reset`, { method: 'POST' });
    const logs = await (await fetch(`${stub.url}/_stub/logs`)).json();
    expect(logs).toMatchObject({ logs: [], prospects: [], requests: 0 });
    expect((await create(valid())).status).toBe(201);
  });
});
