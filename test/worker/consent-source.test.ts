// Where a capture's consent came from (tcf, gcm, a CMP's name, manual, none): accepted on the wire, put in the prospect
// log's payload beside the consent state, and optional, so captures from older snippets still go through.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { CaptureSchema } from '../../worker/ingest/capture';
import { buildProspectLog } from '../../worker/ingest/prospect-log';
import { capture } from './helpers';

const CTX = { defaultSource: 'website', logType: 'form-submission', defaultPhoneRegion: 'US', receivedAt: new Date() };
const payloadOf = (input: unknown) => {
  const built = buildProspectLog(v.parse(CaptureSchema, input), CTX);
  if (!built.ok) throw new Error(built.reason);
  return built.request.payload;
};

describe('consent source', () => {
  it.each(['tcf', 'gcm', 'onetrust', 'cookiebot', 'usercentrics', 'didomi', 'cookieyes', 'klaro', 'cookieconsent', 'manual', 'none'])(
    'puts %s in the log payload beside the consent state',
    (source) => {
      expect(payloadOf(capture({ consent: 'granted', consentSource: source as never }))).toMatchObject({ consent: 'granted', consentSource: source });
    },
  );

  it('accepts a capture from an older snippet, without a source, and logs its consent state alone', () => {
    const { consentSource: _none, ...old } = capture();
    const payload = payloadOf(old);
    expect(payload.consent).toBe('unknown');
    expect(payload).not.toHaveProperty('consentSource');
  });

  it('drops a source it does not know rather than refusing the lead', () => {
    const payload = payloadOf(capture({ consent: 'denied', consentSource: '<script>' as never }));
    expect(payload.consent).toBe('denied');
    expect(payload).not.toHaveProperty('consentSource');
  });
});
