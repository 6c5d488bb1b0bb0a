// The merge rule, table-driven: later values win, fields only earlier attempts had are kept, and a different valid
// e-mail or phone makes a different lead, and so does another name that shares neither.
import { describe, expect, it } from 'vitest';
import type { Capture, CaptureField } from '../../worker/ingest/capture';
import { decide, MAX_ATTEMPTS_PER_LEAD, mergeCaptures, mergeFields, type LeadKey } from '../../worker/merge/rule';

const f = (name: string, value: string): CaptureField => ({ name, value });
const shot = (fields: CaptureField[]) => fields.map((x) => `${x.name}=${x.value}`);

describe('mergeFields', () => {
  it.each([
    ['lets a later value win', [f('email', 'a@x.io'), f('phone', '1')], [f('email', 'a@x.io'), f('phone', '2')], ['email=a@x.io', 'phone=2']],
    ['keeps a field only the earlier attempt had, in its place', [f('step1', 's'), f('email', 'a@x.io')], [f('email', 'b@x.io')], ['step1=s', 'email=b@x.io']],
    ['appends a field only the later attempt has', [f('email', 'a@x.io')], [f('email', 'a@x.io'), f('name', 'Ada')], ['email=a@x.io', 'name=Ada']],
    ['takes an emptied value as the final one', [f('email', 'a@x.io'), f('note', 'hi')], [f('email', 'a@x.io'), f('note', '')], ['email=a@x.io', 'note=']],
    [
      'replaces every value of a repeated name by the later ones',
      [f('topic', 'a'), f('topic', 'b'), f('email', 'a@x.io')],
      [f('email', 'a@x.io'), f('topic', 'c')],
      ['topic=c', 'email=a@x.io'],
    ],
  ])('%s', (_name, earlier, later, expected) => {
    expect(shot(mergeFields(earlier, later))).toEqual(expected);
  });
});

const cap = (id: string, fields: CaptureField[], extra: Partial<Capture> = {}): Capture => ({
  v: 1,
  id,
  page: { url: 'https://www.example.com/' },
  fields,
  consent: 'unknown',
  ts: 1,
  ...extra,
});

describe('mergeCaptures', () => {
  it('keeps the first attempt id (so the idempotency key) and takes the later page, form and time', () => {
    const merged = mergeCaptures(
      cap('first', [f('email', 'a@x.io')], { ts: 1, form: { key: 'k', type: 'old' } }),
      cap('second', [f('name', 'Ada')], { ts: 2, form: { key: 'k', type: 'demo' } }),
    );
    expect(merged).toMatchObject({ id: 'first', ts: 2, form: { type: 'demo' } });
    expect(shot(merged.fields)).toEqual(['email=a@x.io', 'name=Ada']);
  });
});

describe('decide', () => {
  const A = 'ada@example.com';
  const B = 'bob@example.com';
  const P1 = '+14155550134';
  const P2 = '+14155550199';
  it.each<[string, LeadKey, LeadKey, 'merge' | 'new-lead']>([
    ['merges the same e-mail', { email: A }, { email: A }, 'merge'],
    ['merges when the later attempt adds a phone', { email: A }, { email: A, phoneNumber: P1 }, 'merge'],
    ['merges when only one side has an e-mail', { phoneNumber: P1 }, { email: A, phoneNumber: P1 }, 'merge'],
    ['splits on a different e-mail', { email: A }, { email: B }, 'new-lead'],
    // One mailbox, as Architect matches prospects: the visitor who fixes "Ada@" to "ada@" is one lead.
    ['merges an e-mail that differs only in case', { email: 'Ada@example.com' }, { email: A }, 'merge'],
    ['splits on a different phone with the same e-mail', { email: A, phoneNumber: P1 }, { email: A, phoneNumber: P2 }, 'new-lead'],
    ['splits on a different phone', { phoneNumber: P1 }, { phoneNumber: P2 }, 'new-lead'],
  ])('%s', (_name, pendingKey, nextKey, expected) => {
    const pending = { key: pendingKey, attempts: 1, capture: cap('a', [f('email', 'x')]) };
    expect(decide(pending, { key: nextKey, capture: cap('b', [f('email', 'y')]) })).toBe(expected);
  });

  // Captures with names: another person on a shared tab is another lead, the same person finishing a form is not.
  const n = (name: string) => f('full_name', name);
  it.each<[string, LeadKey, CaptureField[], LeadKey, CaptureField[], 'merge' | 'new-lead']>([
    [
      'splits a name and phone after an e-mail and note with no name (a shared kiosk tab)',
      { email: A },
      [f('email', A), f('note', 'hi')],
      { phoneNumber: P1 },
      [n('Bob'), f('phone', P1)],
      'new-lead',
    ],
    [
      'splits a different name that shares no e-mail or phone',
      { email: A },
      [f('email', A), n('Alice')],
      { phoneNumber: P1 },
      [n('Bob'), f('phone', P1)],
      'new-lead',
    ],
    ['merges a name added with the same e-mail', { email: A }, [f('email', A)], { email: A }, [f('email', A), n('Ada')], 'merge'],
    ['merges a corrected name with the same e-mail', { email: A }, [f('email', A), n('Adda')], { email: A }, [f('email', A), n('Ada')], 'merge'],
    [
      'merges a name added with the same phone',
      { phoneNumber: P1 },
      [f('phone', P1)],
      { email: A, phoneNumber: P1 },
      [f('email', A), f('phone', P1), n('Ada')],
      'merge',
    ],
    [
      'merges the same name when the e-mail gives way to a phone',
      { email: A },
      [f('email', A), n('Ada')],
      { phoneNumber: P1 },
      [n('ada'), f('phone', P1)],
      'merge',
    ],
    ['merges an attempt without a name that shares nothing', { email: A }, [f('email', A), n('Ada')], { phoneNumber: P1 }, [f('phone', P1)], 'merge'],
  ])('%s', (_name, pendingKey, pendingFields, nextKey, nextFields, expected) => {
    const pending = { key: pendingKey, attempts: 1, capture: cap('a', pendingFields) };
    expect(decide(pending, { key: nextKey, capture: cap('b', nextFields) })).toBe(expected);
  });

  it('starts a new lead past the attempt cap and past the merged size cap', () => {
    const small = cap('b', [f('email', 'y')]);
    expect(decide({ key: {}, attempts: MAX_ATTEMPTS_PER_LEAD, capture: small }, { key: {}, capture: small })).toBe('new-lead');
    const big = (id: string, prefix: string) =>
      cap(
        id,
        Array.from({ length: 20 }, (_, i) => f(`${prefix}${i}`, 'x'.repeat(2000))),
      );
    expect(decide({ key: {}, attempts: 1, capture: big('a', 'p') }, { key: {}, capture: big('b', 'q') })).toBe('new-lead');
    expect(decide({ key: {}, attempts: 1, capture: big('a', 'p') }, { key: {}, capture: big('b', 'p') })).toBe('merge');
  });
});
