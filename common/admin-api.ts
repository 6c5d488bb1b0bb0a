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
  /** Page views (every page, with or without a form). */
  pageviews: number;
  views: number;
  starts: number;
  abandons: number;
  submissions: number;
  delivered: number;
}
export interface SeriesAnswer {
  bucket: 'hour' | 'day';
  points: SeriesPoint[];
}

/** GET /admin/api/breakdown?by=page|source|utm_source|utm_medium|campaign|country|device */
export interface BreakdownRow {
  key: string;
  /** Page views (every page, with or without a form): top pages and sources sort by them. */
  pageviews: number;
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

/** GET /admin/api/sites: the allowed sites first, then at most 10 origins that only ever sent refused requests. */
export interface SiteRow {
  origin: string;
  /** In ALLOWED_ORIGINS now: false for an origin that only sent refused requests (or one taken off the list). */
  allowed: boolean;
  lastView: string | null;
  lastCapture: string | null;
  refusals24h: Record<string, number>;
}
export interface SitesAnswer {
  sites: SiteRow[];
}

/** GET /admin/api/pages: the funnel per page, from the page view to the CRM log. conversion = submissions ÷ pageviews. */
export interface PageRow {
  site: string;
  page: string;
  pageviews: number;
  formViews: number;
  starts: number;
  submissions: number;
  delivered: number;
  conversion: number | null;
}
export interface PagesAnswer {
  rows: PageRow[];
}

/** GET /admin/api/fields?form=: per field, abandons (the last field before leaving) and returns (came back to it). */
export interface FieldRow {
  field: string;
  abandons: number;
  returns: number;
}
/** One fixed bin of the time from a form's start to its submit: `le` its upper bound in ms, null for the open last bin. */
export interface CompletionBin {
  le: number | null;
  n: number;
}
export interface FieldsAnswer {
  rows: FieldRow[];
  completionMs: { p50: number | null; p90: number | null; bins: CompletionBin[] };
}

/** GET /admin/api/realtime: the last 30 minutes, per minute. */
export interface RealtimePoint {
  t: string;
  pageviews: number;
  starts: number;
}
export interface RealtimeAnswer {
  minutes: number;
  pageviews: number;
  starts: number;
  points: RealtimePoint[];
  /** The same totals for the 30 minutes before, for the console's deltas. */
  previous: { pageviews: number; starts: number };
}
