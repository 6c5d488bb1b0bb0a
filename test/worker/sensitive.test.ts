// POST /v1/form applies the snippet's never-sent rules (common/sensitive.ts) to forms posted without JavaScript:
// the same table as test/snippet/never-sent.test.ts, with each label as the field's name (no labels arrive here).
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import type { DeliveryJob } from '../../worker/delivery/job';
import type { Env } from '../../worker/env';
import { NEVER_SENT, SENT } from '../never-sent.table';
import { SITE } from './helpers';

/** Posts the fields as a urlencoded form; the jobs the worker enqueued (a recording queue). */
async function postForm(fields: [string, string][]): Promise<{ status: number; sent: DeliveryJob[] }> {
  const sent: DeliveryJob[] = [];
  const queue = { send: async (job: DeliveryJob) => void sent.push(job), sendBatch: async () => {} } as unknown as Queue<DeliveryJob>;
  const req = new Request('https://beacon.example.net/v1/form', {
    method: 'POST',
    headers: { origin: SITE, referer: `${SITE}/contact`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const ctx = createExecutionContext();
  const res = await worker.fetch(req as Parameters<typeof worker.fetch>[0], { ...env, CAPTURE_QUEUE: queue } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, sent };
}

describe('POST /v1/form never delivers what the snippet never sends', () => {
  it.each(Object.entries(NEVER_SENT))('%s', async (_rule, labels) => {
    const { status, sent } = await postForm([['email', 'ada@example.com'], ...labels.map((l, i): [string, string] => [l, `V-${i}-secret`])]);
    expect(status).toBe(303);
    expect(sent).toHaveLength(1);
    expect(Object.keys(sent[0]!.request.payload.fields as Record<string, string>)).toEqual(['email']);
    expect(JSON.stringify(sent[0]!.request)).not.toContain('-secret');
  });

  it('delivers lead fields, including names close to the rules', async () => {
    const { sent } = await postForm([['email', 'ada@example.com'], ...SENT.map((l, i): [string, string] => [l, `value ${i}`])]);
    expect(Object.keys(sent[0]!.request.payload.fields as Record<string, string>)).toEqual(['email', ...SENT]);
  });
});
