// The worker called directly, with a recording queue and env overrides: what the security tests assert on.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import worker from '../../../worker/index';
import type { Env } from '../../../worker/env';
import type { DeliveryJob } from '../../../worker/delivery/job';

export const ADMIN = { authorization: `Bearer ${env.ADMIN_TOKEN}` };

export async function call(req: Request, overrides: Partial<Env> & Record<string, unknown> = {}): Promise<{ res: Response; sent: DeliveryJob[] }> {
  const sent: DeliveryJob[] = [];
  const queue = { send: async (job: DeliveryJob) => void sent.push(job), sendBatch: async () => {} } as unknown as Queue<DeliveryJob>;
  const ctx = createExecutionContext();
  const res = await worker.fetch(req as Parameters<typeof worker.fetch>[0], { ...env, CAPTURE_QUEUE: queue, ...overrides } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return { res, sent };
}

export const submission = (body: unknown, headers: Record<string, string>) =>
  new Request('https://beacon.example.net/v1/submissions', {
    method: 'POST',
    headers: { 'content-type': 'text/plain', ...headers },
    body: JSON.stringify(body),
  });
