// The analytics queue's message, and the helpers the capture path calls to count into it. Counting never stands
// in the way of a capture: no queue, ANALYTICS="off" or a failed send are let go (a failed send is logged).
import * as v from 'valibot';
import type { DeliveryJob } from '../delivery/job';
import type { Env } from '../env';
import { log } from '../log';
import { DimsSchema, cut, type Dims } from './dims';

/** `pageviews` last: the order is the column order of the UPSERT (store.ts), which 0002 added it after the others. */
export const COUNTERS = ['views', 'starts', 'abandons', 'submissions', 'delivered', 'retried', 'deadLettered', 'dropped', 'pageviews'] as const;
export type Counter = (typeof COUNTERS)[number];
/** abandon / return / complete are per field (or per completion bin) and go to field_tallies; the rest to tallies. */
export const TALLY_KINDS = ['abandon', 'dropped', 'refused', 'latency', 'return', 'complete'] as const;
export const FIELD_KINDS: ReadonlySet<string> = new Set(['abandon', 'return', 'complete']);

const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000));
// v.object: extra keys from another worker version are harmless.
const RowSchema = v.object({
  d: DimsSchema,
  c: v.record(v.picklist(COUNTERS), count),
  /** Named counts: [kind, key], one each. */
  x: v.optional(v.array(v.tuple([v.picklist(TALLY_KINDS), v.pipe(v.string(), v.maxLength(200))]))),
});
export const EventMessageSchema = v.object({
  v: v.literal(1),
  /** When it happened (ms since the epoch): it picks the bucket, so a late or retried message counts in its hour. */
  t: v.number(),
  /** Counted once however often it is delivered: a capture event's own key ("sub:<id>"), else the queue message id. */
  k: v.optional(v.string()),
  rows: v.array(RowSchema),
});
export type EventMessage = v.InferOutput<typeof EventMessageSchema>;
export type Row = EventMessage['rows'][number];

/** Sends one message on the events queue; resolves whatever happens. */
/** The events queue's name, as wrangler.toml names it: the queue handler dispatches on it. */
export const EVENTS_QUEUE = 'prospect-beacon-events';

export async function sendEvent(env: Env, msg: EventMessage): Promise<void> {
  if (env.ANALYTICS === 'off' || !env.EVENTS_QUEUE) return;
  try {
    await env.EVENTS_QUEUE.send(msg, { contentType: 'json' });
  } catch (err) {
    log('analytics.send_failed', { error: String(err).slice(0, 200) });
  }
}

/** Counts one capture-path event (a submission, a spam drop, a refusal) without holding up the answer. */
export function countEvent(env: Env, ctx: ExecutionContext, d: Dims, c: Row['c'], key?: string, x?: Row['x']): void {
  ctx.waitUntil(sendEvent(env, { v: 1, t: Date.now(), k: key, rows: [{ d, c, x }] }));
}

/** Upper bounds (ms) of the fixed latency bins submit → log: a histogram D1 can sum per bucket. The last bin
 * takes everything slower (a day and more: retried for hours, or replayed from the dead letters). */
export const LATENCY_BINS = [250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000];
export const latencyBin = (ms: number) => LATENCY_BINS.find((b) => ms <= b) ?? LATENCY_BINS.at(-1)!;

/** Upper bounds (ms) of the fixed time-to-complete bins (a form's start to its submit), a distribution with no
 * per-visitor record: 5 s … 1 h, and the last bin up to 24 h, the longest time the wire format takes. */
export const COMPLETION_BINS = [5_000, 10_000, 20_000, 30_000, 45_000, 60_000, 90_000, 120_000, 180_000, 300_000, 600_000, 1_800_000, 3_600_000, 86_400_000];
export const completionBin = (ms: number) => COMPLETION_BINS.find((b) => ms <= b) ?? COMPLETION_BINS.at(-1)!;

/** Counts a delivery outcome of a queued job, keyed by the capture so a redelivered job counts once. */
export async function countJob(env: Env, job: unknown, what: 'delivered' | 'retried' | 'deadLettered', attempts = 0): Promise<void> {
  const { captureId, receivedAt, dims } = (job ?? {}) as Partial<DeliveryJob>;
  if (!dims || !captureId) return;
  const x: Row['x'] = what === 'delivered' && receivedAt ? [['latency', String(latencyBin(Date.now() - Date.parse(receivedAt)))]] : undefined;
  await sendEvent(env, { v: 1, t: Date.now(), k: `${what}:${captureId}${what === 'retried' ? `:${attempts}` : ''}`, rows: [{ d: dims, c: { [what]: 1 }, x }] });
}

/** Counts a refused request against the origin it claimed, for the install check ("refusals in the last 24 h"). */
export function countRefused(env: Env, ctx: ExecutionContext, origin: string | null, code: string): void {
  const d = { site: cut(origin), page: '', form: '', source: '', utmSource: '', utmMedium: '', utmCampaign: '', country: '', device: '' };
  countEvent(env, ctx, d, {}, undefined, [['refused', code]]);
}
