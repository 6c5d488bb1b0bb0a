// What the site says in markup: data-pb-role beats every heuristic in identity extraction, and data-pb-source /
// data-pb-type set the log's source and type when valid, else the defaults with a log line (never a refusal).
import { describe, expect, inject, it, vi } from 'vitest';
import type { CaptureField } from '../../worker/ingest/capture';
import { extractIdentity } from '../../worker/ingest/identity';
import { capture, logsFor, post } from './helpers';

const stubUrl = inject('stubUrl');
const f = (name: string, value: string, extra: Partial<CaptureField> = {}): CaptureField => ({ name, value, ...extra });
const PID = 'prospect_0123456789abcdefghijklmnop';
const OTHER_PID = 'prospect_zzzzzzzzzzzzzzzzzzzzzzzzzz';

describe('data-pb-role', () => {
  it.each([
    [
      'takes the declared e-mail over an earlier autocomplete=email field',
      [f('billing', 'billing@example.com', { autocomplete: 'email' }), f('x', 'ana@example.com', { role: 'email' })],
      { email: 'ana@example.com' },
    ],
    [
      'takes the declared phone over a field named phone',
      [f('phone', '+14155550199'), f('x', '+14155550134', { role: 'phone' })],
      { phoneNumber: '+14155550134' },
    ],
    [
      'takes a declared name over a guessed full name',
      [f('full_name', 'Card Holder', { autocomplete: 'name' }), f('who', 'Ana Silva', { role: 'name' })],
      { name: 'Ana Silva' },
    ],
    [
      'joins declared given and family names and ignores a guessed last name',
      [f('a', 'Ana', { role: 'given-name' }), f('last_name', 'Other'), f('b', 'Silva', { role: 'family-name' })],
      { name: 'Ana Silva' },
    ],
    [
      'takes the prospect id from the hidden field that declares it, not an earlier one',
      [f('referrer_id', OTHER_PID), f('pid', PID, { type: 'hidden', role: 'prospect-id' }), f('email', 'ana@example.com')],
      { prospectId: PID, email: 'ana@example.com' },
    ],
    [
      'takes the declared LinkedIn field over an earlier field named linkedin',
      [f('linkedin', 'linkedin.com/in/company-page'), f('q7', 'linkedin.com/in/ana-silva', { role: 'linkedin' })],
      { linkedinProfileUrl: 'https://www.linkedin.com/in/ana-silva' },
    ],
    [
      'falls back to the heuristics when the declared field is empty',
      [f('x', '', { role: 'phone' }), f('mobile', '+14155550134')],
      { phoneNumber: '+14155550134' },
    ],
    ['ignores a role it does not know', [f('email', 'ana@example.com', { role: 'favourite-colour' })], { email: 'ana@example.com' }],
  ])('%s', (_name, fields, expected) => {
    expect(extractIdentity(fields)).toEqual(expected);
  });
});

describe('data-pb-source and data-pb-type', () => {
  const settle = { timeout: 10_000, interval: 100 };

  it('sets the log source and type from valid form hints', async () => {
    const c = capture({ form: { key: 'form#demo', source: 'demo-request', type: 'demo-request' } });
    expect((await post(c)).status).toBe(202);
    await expect.poll(async () => (await logsFor(stubUrl, c.id)).length, settle).toBe(1);
    expect((await logsFor(stubUrl, c.id))[0]!.request).toMatchObject({ source: 'demo-request', type: 'demo-request' });
  });

  it.each([
    ['not kebab-case', 'Demo Request'],
    ['longer than the contract allows', 'a'.repeat(101)],
  ])('falls back to the defaults with a log line when a hint is %s', async (_why, bad) => {
    const log = vi.spyOn(console, 'log');
    const c = capture({ source: undefined, form: { key: 'form#x', source: bad, type: bad } });
    expect((await post(c)).status).toBe(202);
    await expect.poll(async () => (await logsFor(stubUrl, c.id)).length, settle).toBe(1);
    expect((await logsFor(stubUrl, c.id))[0]!.request).toMatchObject({ source: 'website', type: 'form-submission' });
    const lines = log.mock.calls.flat().join('\n');
    expect(lines).toContain(`"event":"capture.invalid_hint","captureId":"${c.id}","hint":"source"`);
    expect(lines).toContain(`"event":"capture.invalid_hint","captureId":"${c.id}","hint":"type"`);
    log.mockRestore();
  });
});
