// The limits of one capture, defined once: the snippet fits what it sends under them, the worker enforces them.
// Each is documented in the README ("Limits").
export const LIMITS = {
  /** 32 KiB: half the 64 KiB fetch keepalive quota (whatwg/fetch#419), leaving room for other beacons. */
  bodyBytes: 32 * 1024,
  fields: 100,
  fieldName: 200,
  fieldValue: 4000,
  /** Labels, titles, types: enough for any real label, small enough to keep a capture tiny. */
  text: 500,
  /** 2,048: the longest URL that every browser and CDN in common use accepts. */
  url: 2048,
} as const;
