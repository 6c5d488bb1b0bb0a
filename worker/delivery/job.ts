// One queued delivery: the prospect log built at ingest, so every retry sends the very same body.
import * as v from 'valibot';
import { ProspectLogRequestSchema } from './architect';
import { DimsSchema } from '../analytics/dims';

// v.object: a job written by an older or newer worker version may carry extra keys; they are harmless.
export const DeliveryJobSchema = v.object({
  v: v.literal(1),
  captureId: v.string(),
  receivedAt: v.string(),
  request: ProspectLogRequestSchema,
  /** Analytics dimensions (site, page, form, …), so delivery outcomes count in the capture's buckets. */
  dims: v.optional(DimsSchema),
});
export type DeliveryJob = v.InferOutput<typeof DeliveryJobSchema>;
