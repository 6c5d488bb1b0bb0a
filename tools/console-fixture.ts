// Canned answers for the console's admin API, served through playwright's page.route: the console's browser test
// and `npm run screenshot` (when the worker has no /admin/api yet) use them. Every request is recorded. A range that
// ends today gets the "current" answers, any other range the "previous" ones (the console's deltas compare the two).
import type { Page, Request } from 'playwright-core';

const DAY = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

export const FORMS = {
  rows: [
    {
      site: 'https://www.acme.test',
      page: '/demo',
      form: 'book-demo',
      views: 1240,
      starts: 312,
      submissions: 87,
      delivered: 85,
      abandons: 201,
      topAbandonField: 'phone',
      startRate: 312 / 1240,
      conversion: 87 / 1240,
      abandonRate: 201 / 312,
    },
    {
      site: 'https://www.acme.test',
      page: '/pricing',
      form: 'contact-sales',
      views: 410,
      starts: 52,
      submissions: 19,
      delivered: 19,
      abandons: 30,
      topAbandonField: 'company',
      startRate: 52 / 410,
      conversion: 19 / 410,
      abandonRate: 30 / 52,
    },
    {
      site: 'https://blog.acme.test',
      page: '/posts/launch',
      form: 'newsletter',
      views: 980,
      starts: 64,
      submissions: 51,
      delivered: 50,
      abandons: 9,
      topAbandonField: null,
      startRate: 64 / 980,
      conversion: 51 / 980,
      abandonRate: 9 / 64,
    },
  ],
};

/** Seven daily (or 24 hourly) points with a gentle shape, ending `to` (today by default); the previous period's
 * (`previous`) are 80 % of the current ones, rounded. */
export function series(bucket: string, to = today(), previous = false) {
  const n = bucket === 'hour' ? 24 : 7;
  const start = bucket === 'hour' ? Date.parse(`${to}T00:00:00Z`) : Date.parse(`${to}T00:00:00Z`) - 6 * DAY;
  const k = previous ? 0.8 : 1;
  const step = bucket === 'hour' ? 3_600_000 : DAY;
  return {
    bucket,
    points: Array.from({ length: n }, (_, i) => {
      const views = Math.round(k * (180 + Math.round(120 * Math.sin(i / 1.7)) + i * 20));
      return {
        t: new Date(start + i * step).toISOString().replace('.000Z', 'Z'),
        pageviews: views * 3,
        views,
        starts: Math.round(views / 4),
        abandons: Math.round(views / 6),
        submissions: Math.round(views / 16),
        delivered: Math.round(views / 17),
      };
    }),
  };
}

const page = (site: string, path: string, pageviews: number, formViews: number, starts: number, submissions: number, delivered: number) => ({
  site,
  page: path,
  pageviews,
  formViews,
  starts,
  submissions,
  delivered,
  conversion: pageviews ? submissions / pageviews : null,
});
export const PAGES = {
  rows: [
    page('https://www.acme.test', '/', 6000, 0, 0, 0, 0),
    page('https://www.acme.test', '/demo', 4000, 1240, 312, 87, 85),
    page('https://blog.acme.test', '/posts/launch', 3920, 980, 64, 51, 50),
    page('https://www.acme.test', '/pricing', 2050, 410, 52, 19, 19),
  ],
};
/** The period before: /demo grew since, /pricing is unchanged, the blog post is new. */
export const PAGES_BEFORE = {
  rows: [
    page('https://www.acme.test', '/', 5000, 0, 0, 0, 0),
    page('https://www.acme.test', '/demo', 3200, 1000, 250, 80, 80),
    page('https://www.acme.test', '/pricing', 2050, 410, 52, 19, 19),
  ],
};
export const FORMS_BEFORE = {
  rows: [
    { ...FORMS.rows[0]!, views: 1000, starts: 250, submissions: 80, delivered: 80, abandons: 150, startRate: 0.25, conversion: 0.08, abandonRate: 0.6 },
    FORMS.rows[1]!,
  ],
};

/** Fixed bins of the time from start to submit (ms), as the worker tallies them. */
const bins = (ns: number[]) => [10_000, 30_000, 60_000, 120_000, 300_000, null].map((le, i) => ({ le, n: ns[i] ?? 0 }));
export const FIELDS: Record<string, unknown> = {
  'book-demo': {
    rows: [
      { field: 'phone', abandons: 120, returns: 40 },
      { field: 'company', abandons: 50, returns: 12 },
      { field: 'email', abandons: 31, returns: 20 },
    ],
    completionMs: { p50: 60_000, p90: 300_000, bins: bins([3, 20, 35, 18, 9, 2]) },
  },
  'contact-sales': { rows: [{ field: 'company', abandons: 30, returns: 4 }], completionMs: { p50: 30_000, p90: 60_000, bins: bins([2, 9, 6, 2]) } },
};
export const FIELDS_BEFORE: Record<string, unknown> = {
  'book-demo': {
    rows: [
      { field: 'phone', abandons: 100, returns: 40 },
      { field: 'company', abandons: 50, returns: 10 },
    ],
    completionMs: { p50: 120_000, p90: 300_000, bins: bins([1, 10, 30, 25, 12, 2]) },
  },
};
const NO_FIELDS = { rows: [], completionMs: { p50: null, p90: null, bins: bins([]) } };

/** The last 30 minutes; `n` (the how-many-th call) moves the figures, so a refresh shows. */
export function realtime(n: number, empty = false) {
  const start = Math.floor(Date.now() / 60_000) * 60_000 - 29 * 60_000;
  const points = Array.from({ length: 30 }, (_, i) => ({
    t: new Date(start + i * 60_000).toISOString().replace('.000Z', 'Z'),
    pageviews: empty ? 0 : i === 29 ? 12 + n : i % 3,
    starts: empty ? 0 : i === 29 ? 2 : i % 5 === 0 ? 1 : 0,
  }));
  // The 30 minutes before: 32 page views and 8 starts (against 41 and 8 at the first call: +28%, ±0%).
  const previous = empty ? { pageviews: 0, starts: 0 } : { pageviews: 32, starts: 8 };
  return { minutes: 30, pageviews: points.reduce((s, p) => s + p.pageviews, 0), starts: points.reduce((s, p) => s + p.starts, 0), points, previous };
}

const BREAKDOWN: Record<string, string[]> = {
  page: ['/demo', '/pricing', '/posts/launch'],
  source: ['google', 'linkedin', '(direct)'],
  utm_source: ['newsletter', 'linkedin'],
  utm_medium: ['email', 'social'],
  campaign: ['q4-launch', 'black-friday'],
  country: ['US', 'DE', 'FR', 'GB'],
  device: ['desktop', 'mobile', 'tablet'],
};
export const breakdown = (by: string, previous = false) => ({
  by,
  rows: (BREAKDOWN[by] ?? []).map((key, i) => ({
    key,
    views: (previous ? 800 : 900) - i * 250,
    starts: 200 - i * 50,
    submissions: 60 - i * 15,
    delivered: 58 - i * 15,
  })),
});

export const HEALTH = {
  delivered: 154,
  retrying: 2,
  deadLettered: 2,
  dropped: { honeypot: 14, too_fast: 6, turnstile_failed: 1 },
  latencyMs: { p50: 420, p95: 2300 },
};
export const HEALTH_BEFORE = { delivered: 120, retrying: 2, deadLettered: 0, dropped: { honeypot: 10 }, latencyMs: { p50: 500, p95: 2300 } };
export const SITES = {
  sites: [
    { origin: 'https://www.acme.test', lastView: iso(120_000), lastCapture: iso(900_000), refusals24h: {} },
    { origin: 'https://blog.acme.test', lastView: iso(3_600_000), lastCapture: iso(7_200_000), refusals24h: { rate_limited: 3 } },
    { origin: 'https://staging.acme.test', lastView: null, lastCapture: null, refusals24h: { origin_not_allowed: 12 } },
  ],
};
export const DEAD_LETTERS = [
  { captureId: 'cap_old_0001', reason: 'architect_rejected', status: 422, attempts: 1, deadAt: iso(2 * DAY) },
  { captureId: 'cap_new_0002', reason: 'max_attempts', status: 503, attempts: 6, deadAt: iso(3 * 3_600_000) },
];

export interface Mock {
  /** Every admin request the page made: method, path below /admin, query. */
  requests: { method: string; path: string; query: URLSearchParams; auth: string | null }[];
  /** How many answers have been sent back (a delayed one counts once it is). */
  answered: number;
}

/** Answers `<base>/admin/api/*` and `<base>/admin/dead-letters*` with the canned data. `empty` answers as a
 * worker that has counted nothing; `token` is the one accepted (others get 401). */
export async function mockAdminApi(
  page: Page,
  opts: { token: string; empty?: boolean; delayMs?: (url: URL) => number; deadLetterPage?: number; share?: string },
): Promise<Mock> {
  const mock: Mock = { requests: [], answered: 0 };
  let realtimeCalls = 0;
  const letters = [...DEAD_LETTERS];
  const answer = (req: Request) => {
    const url = new URL(req.url());
    const path = url.pathname.replace(/^.*\/admin/, '');
    const auth = req.headers().authorization ?? null;
    mock.requests.push({ method: req.method(), path, query: url.searchParams, auth });
    const refused = [401, { error: { code: 'unauthorized', message: 'a valid Bearer token is required' } }] as const;
    // A share link (as the worker has it): the dashboard's GET routes only.
    const shared = opts.share !== undefined && auth === `Share ${opts.share}`;
    if (shared && (req.method() !== 'GET' || !/^\/api\/(forms|series|breakdown|pages|fields|realtime|health)$/.test(path))) return refused;
    if (!shared && auth !== `Bearer ${opts.token}`) return refused;
    const e = opts.empty;
    const form = url.searchParams.get('form');
    const to = url.searchParams.get('to') ?? today();
    const before = to !== today();
    const byForm = (rows: { form: string }[]) => rows.filter((r) => !form || r.form === form);
    if (path === '/api/forms') return [200, { rows: e ? [] : byForm((before ? FORMS_BEFORE : FORMS).rows) }] as const;
    if (path === '/api/pages') return [200, { rows: e ? [] : (before ? PAGES_BEFORE : PAGES).rows }] as const;
    if (path === '/api/fields') return [200, (e ? undefined : (before ? FIELDS_BEFORE : FIELDS)[form ?? '']) ?? NO_FIELDS] as const;
    if (path === '/api/realtime') return [200, realtime(++realtimeCalls, e)] as const;
    if (path === '/api/series') return [200, e ? { bucket: 'day', points: [] } : series(url.searchParams.get('bucket') ?? 'day', to, before)] as const;
    if (path === '/api/breakdown') return [200, e ? { by: 'page', rows: [] } : breakdown(url.searchParams.get('by') ?? 'page', before)] as const;
    if (path === '/api/share' && req.method() === 'POST') {
      const body = JSON.parse(req.postData() ?? '{}') as { days?: number };
      const expiresAt = new Date(Date.now() + (body.days ?? 7) * DAY).toISOString();
      return [201, { url: `${url.origin}/admin#share=mock-share-token`, token: 'mock-share-token', expiresAt, filters: {} }] as const;
    }
    if (path === '/api/health')
      return [
        200,
        e ? { delivered: 0, retrying: 0, deadLettered: 0, dropped: {}, latencyMs: { p50: null, p95: null } } : before ? HEALTH_BEFORE : HEALTH,
      ] as const;
    if (path === '/api/sites') return [200, e ? { sites: [] } : SITES] as const;
    if (path === '/dead-letters') {
      // Paged like KV's list: `deadLetterPage` keys a page, the cursor is the next index.
      const from = Number(url.searchParams.get('cursor') ?? 0);
      const size = opts.deadLetterPage ?? 100;
      const next = from + size < letters.length ? String(from + size) : undefined;
      return [200, { deadLetters: e ? [] : letters.slice(from, from + size), cursor: e ? undefined : next }] as const;
    }
    const m = /^\/dead-letters\/([\w-]+)(\/replay)?$/.exec(path);
    const i = letters.findIndex((l) => l.captureId === m?.[1]);
    if (!m || i < 0) return [404, { error: { code: 'not_found', message: 'no such admin route' } }] as const;
    if (req.method() === 'GET')
      return [
        200,
        { ...letters[i], job: { captureId: m[1], idempotencyKey: `idem-${m[1]}`, body: { email: 'ada@example.com', source: 'demo-landing-page' } } },
      ] as const;
    letters.splice(i, 1);
    return m[2] ? ([202, { replayed: m[1] }] as const) : ([200, { deleted: m[1] }] as const);
  };
  await page.route(/\/admin\/(api\/|dead-letters)/, async (route) => {
    const [status, body] = answer(route.request());
    const delay = opts.delayMs?.(new URL(route.request().url())) ?? 0;
    if (delay) await new Promise((r) => setTimeout(r, delay));
    await route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
    mock.answered++;
  });
  return mock;
}
