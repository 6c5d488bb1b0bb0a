// Framework plumbing (common/plumbing.ts) stays out of the log when no snippet dropped it: a plain form posted to
// POST /v1/form, and an API client's capture on POST /v1/submissions. Short hidden fields that mean something stay.
import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { CaptureInput } from '../../worker/ingest/capture';
import type { DeliveryJob } from '../../worker/delivery/job';
import type { Env } from '../../worker/env';
import worker from '../../worker/index';
import type { Visit } from '../../worker/merge/visit';
import { nanoid } from 'nanoid';
import { SITE, capture, post } from './helpers';

/** One request to the worker with a recording queue; the jobs it enqueued. */
async function send(path: string, contentType: string, body: string): Promise<{ status: number; sent: DeliveryJob[] }> {
  const sent: DeliveryJob[] = [];
  const queue = { send: async (job: DeliveryJob) => void sent.push(job), sendBatch: async () => {} } as unknown as Queue<DeliveryJob>;
  const req = new Request(`https://beacon.example.net${path}`, {
    method: 'POST',
    headers: { origin: SITE, referer: `${SITE}/contact`, 'content-type': contentType },
    body,
  });
  const ctx = createExecutionContext();
  const res = await worker.fetch(req as Parameters<typeof worker.fetch>[0], { ...env, CAPTURE_QUEUE: queue } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, sent };
}

const BLOB = 'WyJbXSIsIjZiMGQ3ZTQ5ODJmYjY0ZTdlNjFiNzY2OGE2NGVlN2VjIl0'.repeat(3);
const GCLID = 'Cj0KCQiA4L67BhDUARIsADWrl7HRQfYbPgA3xkFmI2j6xAXqQ0BQ6nHNZb9sCkWGdmYsW3tSMEA1YlUaAs9gEALw_wcB';
const HS_CONTEXT = '{"hutk":"5f7c1e2d9a3b4c6d8e0f1a2b3c4d5e6f","pageUrl":"https://www.example.com/pricing"}';

/** Per framework: its plumbing, then the fields that must reach the log (an e-mail and a short hidden field). */
const FORMS: [string, [string, string][], [string, string][]][] = [
  [
    'Contact Form 7',
    [
      ['_wpcf7', '5'],
      ['_wpcf7_version', '5.9.8'],
      ['_wpcf7_locale', 'en_US'],
      ['_wpcf7_unit_tag', 'wpcf7-f5-p2-o1'],
      ['_wpcf7_container_post', '2'],
      ['_wpcf7_posted_data_hash', '9f1c2b7e4a0d3e6f8b5c1a2d4e6f8a0b'],
    ],
    [
      ['your-email', 'ada@example.com'],
      ['utm_campaign', 'spring-launch'],
    ],
  ],
  [
    'HubSpot',
    [
      ['hs_context', HS_CONTEXT],
      ['hutk', '5f7c1e2d9a3b4c6d8e0f1a2b3c4d5e6f'],
    ],
    [
      ['email', 'ada@example.com'],
      ['plan', 'enterprise'],
    ],
  ],
  [
    'Gravity Forms',
    [
      ['is_submit_1', '1'],
      ['gform_submit', '1'],
      ['gform_unique_id', '65b7c2d1e4f3a'],
      ['state_1', BLOB],
      ['gform_target_page_number_1', '0'],
      ['gform_source_page_number_1', '1'],
    ],
    [
      ['input_2', 'ada@example.com'],
      ['input_4', 'widget-pro'],
    ],
  ],
  [
    'Next.js server-action',
    [
      ['$ACTION_REF_1', 'x'],
      ['$ACTION_1:0', '{"id":"7f8d2c9a0b1e3f5a6c7d8e9f0a1b2c3d4e5f6a7b","bound":"$@1"}'],
      ['$ACTION_1:1', '[]'],
      ['$ACTION_KEY', 'k2837465'],
      ['$ACTION_ID_7f8d2c9a0b1e3f5a6c7d8e9f0a1b2c3d4e5f6a7b', 'x'],
    ],
    [
      ['email', 'ada@example.com'],
      ['product', 'analytics-suite'],
    ],
  ],
  [
    'ASP.NET',
    [
      ['__EVENTTARGET', 'x'],
      ['__VIEWSTATE', `/wEPDwUK${BLOB}`],
      ['__VIEWSTATEGENERATOR', 'C2EE9ABB'],
      ['__EVENTVALIDATION', `/wEdAAR${BLOB}`],
      ['__RequestVerificationToken', BLOB],
      ['g-recaptcha-response', BLOB],
      ['h-captcha-response', BLOB],
    ],
    [
      ['ctl00$MainContent$txtEmail', 'ada@example.com'],
      ['ctl00$MainContent$hfPlan', 'team'],
    ],
  ],
];

const deliveredFields = (job: DeliveryJob | undefined) => job?.request.payload.fields as Record<string, string>;

describe('POST /v1/form keeps framework plumbing out of the log', () => {
  it.each(FORMS)('%s', async (_name, plumbing, kept) => {
    const { status, sent } = await send('/v1/form', 'application/x-www-form-urlencoded', new URLSearchParams([...plumbing, ...kept]).toString());
    expect(status).toBe(303);
    expect(sent).toHaveLength(1);
    expect(deliveredFields(sent[0])).toEqual(Object.fromEntries(kept));
    expect(JSON.stringify(sent[0]!.request)).not.toMatch(/5f7c1e2d|WyJbXSIs|7f8d2c9a/);
  });
});

describe('POST /v1/submissions keeps framework plumbing out of the log', () => {
  const hidden = (pairs: [string, string][]): CaptureInput['fields'] => pairs.map(([name, value]) => ({ name, value, type: 'hidden' }));
  it.each(FORMS)('%s', async (_name, plumbing, kept) => {
    const [emailName, email] = kept[0]!;
    const body = capture({ fields: [{ name: emailName, value: email, type: 'email' }, ...hidden(kept.slice(1)), ...hidden(plumbing)] });
    const { status, sent } = await send('/v1/submissions', 'application/json', JSON.stringify(body));
    expect(status).toBe(202);
    expect(sent).toHaveLength(1);
    expect(deliveredFields(sent[0])).toEqual(Object.fromEntries(kept));
    expect(JSON.stringify(sent[0]!.request)).not.toMatch(/5f7c1e2d|WyJbXSIs|7f8d2c9a/);
  });

  it('drops a long opaque value in a hidden field, and keeps a click id and a typed long value', async () => {
    const long = 'https://www.example.com/a/very/long/path/that/a/visitor/pasted/into/the/website/field';
    const body = capture({
      fields: [
        { name: 'email', value: 'ada@example.com', type: 'email' },
        { name: 'ref_blob', value: BLOB, type: 'hidden' },
        { name: 'gclid', value: GCLID, type: 'hidden' },
        { name: 'website', value: long, type: 'url' },
      ],
    });
    const { sent } = await send('/v1/submissions', 'application/json', JSON.stringify(body));
    expect(sent).toHaveLength(1);
    expect(deliveredFields(sent[0])).toEqual({ email: 'ada@example.com', gclid: GCLID, website: long });
  });
});

describe('a capture held for merging', () => {
  it('holds no plumbing in its visit object', async () => {
    const visit = nanoid();
    const body = capture({
      visit,
      form: { id: 'hs', key: 'form#hs' },
      fields: [
        { name: 'email', value: 'ada@example.com', type: 'email' },
        { name: 'plan', value: 'enterprise', type: 'hidden' },
        { name: 'hs_context', value: HS_CONTEXT, type: 'hidden' },
        { name: 'hutk', value: '5f7c1e2d9a3b4c6d8e0f1a2b3c4d5e6f', type: 'hidden' },
      ],
    });
    expect((await post(body)).status).toBe(202);
    const rows = await runInDurableObject(env.VISITS.get(env.VISITS.idFromName(visit)), (_i: Visit, state) =>
      state.storage.sql.exec<{ capture: string }>('SELECT capture FROM leads').toArray(),
    );
    expect(rows).toHaveLength(1);
    const held = JSON.parse(rows[0]!.capture) as { fields: { name: string }[] };
    expect(held.fields.map((f) => f.name)).toEqual(['email', 'plan']);
    expect(rows[0]!.capture).not.toContain('5f7c1e2d');
  });
});
