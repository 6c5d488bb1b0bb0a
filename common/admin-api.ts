// The answers of GET /admin/api/*, defined once: the worker's routes are checked against these (worker/admin/api.ts),
// and the console (console/api.ts) and the tests read them by the same names. Types only: nothing here runs.

/** GET /admin/api/forms: one row per site, page and form. Rates are fractions 0..1, null when nothing to divide. */
export interface FormRow {
  site: string;
  page: string;
  form: string;
  views: number;
  starts: number;
  submissions: number;
  delivered: number;
  abandons: number;
  topAbandonField: string | null;
  startRate: number | null;
  conversion: number | null;
  abandonRate: number | null;
}
export interface FormsAnswer {
  rows: FormRow[];
}

/** GET /admin/api/series: every bucket of the range, zeros included. */
export interface SeriesPoint {
  t: string;
  views: number;
  starts: number;
  submissions: number;
  delivered: number;
}
export interface SeriesAnswer {
  bucket: 'hour' | 'day';
  points: SeriesPoint[];
}

/** GET /admin/api/breakdown?by=page|source|campaign|country|device */
export interface BreakdownRow {
  key: string;
  views: number;
  starts: number;
  submissions: number;
  delivered: number;
}
export interface BreakdownAnswer {
  by: string;
  rows: BreakdownRow[];
}

/** GET /admin/api/health */
export interface Health {
  delivered: number;
  retrying: number;
  deadLettered: number;
  dropped: Record<string, number>;
  latencyMs: { p50: number | null; p95: number | null };
}

/** GET /admin/api/sites */
export interface SiteRow {
  origin: string;
  lastView: string | null;
  lastCapture: string | null;
  refusals24h: Record<string, number>;
}
export interface SitesAnswer {
  sites: SiteRow[];
}
