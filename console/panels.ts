// The console's table panels: the funnel per page and per form, a breakdown, delivery health and the install check.
import type { BreakdownRow, FieldRow, FormRow, Health, PageRow, SiteRow } from './api';
import { type Column, age, count, h, ms, percent } from './dom';
import { type DeltaKind, delta } from './compare';
import type { CmpColumn } from './rows';

const rate = (num: number, den: number) => (den > 0 ? num / den : null);

export const FUNNEL_COLUMNS: CmpColumn<FormRow>[] = [
  { label: 'Site', value: (r) => r.site },
  { label: 'Page', value: (r) => r.page },
  { label: 'Form', value: (r) => r.form, key: true },
  { label: 'Views', value: (r) => r.views, numeric: true, delta: 'count' },
  { label: 'Starts', value: (r) => r.starts, numeric: true, delta: 'count' },
  { label: 'Submissions', value: (r) => r.submissions, numeric: true, delta: 'count' },
  { label: 'Logs delivered', value: (r) => r.delivered, numeric: true, delta: 'count' },
  { label: 'Start rate', value: (r) => r.startRate, show: (r) => percent(r.startRate), numeric: true, delta: 'rate' },
  { label: 'Conversion', value: (r) => r.conversion, show: (r) => percent(r.conversion), numeric: true, delta: 'rate' },
  { label: 'Abandon rate', value: (r) => r.abandonRate, show: (r) => percent(r.abandonRate), numeric: true, delta: 'rate' },
  { label: 'Top abandon field', value: (r) => r.topAbandonField, show: (r) => (r.topAbandonField ? h('code', {}, r.topAbandonField) : '–') },
];

export const formId = (r: FormRow) => JSON.stringify([r.site, r.page, r.form]);

/** Per page, from the page view to the log; conversion is submissions ÷ page views. Page first: the column that
 * stays in view when the table scrolls sideways on a phone. */
export const PAGE_COLUMNS: CmpColumn<PageRow>[] = [
  { label: 'Page', value: (r) => r.page, key: true },
  { label: 'Page views', value: (r) => r.pageviews, numeric: true, delta: 'count' },
  { label: 'Form views', value: (r) => r.formViews, numeric: true, delta: 'count' },
  { label: 'Starts', value: (r) => r.starts, numeric: true, delta: 'count' },
  { label: 'Submissions', value: (r) => r.submissions, numeric: true, delta: 'count' },
  { label: 'Logs delivered', value: (r) => r.delivered, numeric: true, delta: 'count' },
  { label: 'Conversion', value: (r) => r.conversion, show: (r) => percent(r.conversion), numeric: true, delta: 'rate' },
  { label: 'Site', value: (r) => r.site },
];
export const pageId = (r: PageRow) => JSON.stringify([r.site, r.page]);

export const FIELD_COLUMNS: CmpColumn<FieldRow>[] = [
  { label: 'Field', value: (r) => r.field, show: (r) => h('code', {}, r.field) },
  { label: 'Abandons (last field)', value: (r) => r.abandons, numeric: true, delta: 'count' },
  { label: 'Returns', value: (r) => r.returns, numeric: true, delta: 'count' },
];

/** Breakdowns by page, source or campaign filter on a click; country and device are not API filters. */
export const FILTERABLE_BY = ['page', 'source', 'campaign'] as const;

/** The breakdowns' column headings: `source` is the referrer's host, the utm_* ones the page URL's tags. */
const BY_LABEL: Record<string, string> = { source: 'Referrer host', utm_source: 'UTM source', utm_medium: 'UTM medium' };

export const breakdownColumns = (by: string): CmpColumn<BreakdownRow>[] => [
  { label: BY_LABEL[by] ?? by[0]!.toUpperCase() + by.slice(1), value: (r) => r.key || '(none)', key: (FILTERABLE_BY as readonly string[]).includes(by) },
  { label: 'Views', value: (r) => r.views, numeric: true, delta: 'count' },
  { label: 'Starts', value: (r) => r.starts, numeric: true, delta: 'count' },
  { label: 'Submissions', value: (r) => r.submissions, numeric: true, delta: 'count' },
  { label: 'Logs delivered', value: (r) => r.delivered, numeric: true, delta: 'count' },
  {
    label: 'Conversion',
    value: (r) => rate(r.submissions, r.views),
    show: (r) => percent(rate(r.submissions, r.views)),
    numeric: true,
    delta: 'rate',
  },
];

const droppedOf = (x: Health) => Object.values(x.dropped).reduce((s, n) => s + n, 0);

/** Delivery health as a definition list: the figures an operator checks first, each with its change from `prev`. */
export function healthList(x: Health, prev: Health | null = null): HTMLElement {
  const dropped = Object.entries(x.dropped).sort((a, b) => b[1] - a[1]);
  const droppedTotal = droppedOf(x);
  const change = (pick: (y: Health) => number | null, kind: DeltaKind = 'count') => (prev ? delta(pick(x), pick(prev), kind) : null);
  // A div per pair (valid in a dl): each figure stays one grid cell, its label above it.
  const item = (term: string, value: string, cls = '', d: HTMLElement | null = null) => h('div', {}, h('dt', {}, term), h('dd', { class: cls }, value, d));
  return h(
    'div',
    {},
    h(
      'dl',
      { class: 'stats' },
      item(
        'Delivered',
        count(x.delivered),
        '',
        change((y) => y.delivered),
      ),
      item(
        'Retrying',
        count(x.retrying),
        x.retrying ? 'warn' : '',
        change((y) => y.retrying),
      ),
      item(
        'Dead-lettered',
        count(x.deadLettered),
        x.deadLettered ? 'bad' : '',
        change((y) => y.deadLettered),
      ),
      item('Dropped', count(droppedTotal), '', change(droppedOf)),
      item(
        'Submit → log p50',
        ms(x.latencyMs.p50),
        '',
        change((y) => y.latencyMs.p50, 'ms'),
      ),
      item(
        'Submit → log p95',
        ms(x.latencyMs.p95),
        '',
        change((y) => y.latencyMs.p95, 'ms'),
      ),
    ),
    dropped.length
      ? h('ul', { class: 'reasons', 'aria-label': 'Dropped by reason' }, ...dropped.map(([reason, n]) => h('li', {}, h('code', {}, reason), `: ${count(n)}`)))
      : h('p', { class: 'hint' }, 'Nothing dropped as spam in this range.'),
  );
}

/** What to do about each refusal code, in the operator's words. */
const HINTS: Record<string, string> = {
  origin_not_allowed: 'add this origin to ALLOWED_ORIGINS (wrangler.toml) and deploy',
  rate_limited: 'real traffic? raise RATE_LIMITS',
};

function siteAdvice(s: SiteRow): string {
  if (!s.lastView) return 'No view seen: is the tag on the page?';
  if (!s.lastCapture) return 'Views but no capture yet: send a test lead.';
  return 'Working.';
}

export const SITE_COLUMNS: Column<SiteRow>[] = [
  { label: 'Origin', value: (r) => r.origin },
  { label: 'Last view', value: (r) => r.lastView, show: (r) => h('time', r.lastView ? { datetime: r.lastView } : {}, age(r.lastView)) },
  { label: 'Last capture', value: (r) => r.lastCapture, show: (r) => h('time', r.lastCapture ? { datetime: r.lastCapture } : {}, age(r.lastCapture)) },
  {
    label: 'Refusals (24 h)',
    value: (r) => JSON.stringify(r.refusals24h),
    show: (r) => {
      const list = Object.entries(r.refusals24h).filter(([, n]) => n > 0);
      if (!list.length) return 'none';
      return h(
        'ul',
        { class: 'reasons' },
        ...list.map(([code, n]) => h('li', {}, h('code', {}, code), `: ${count(n)}`, HINTS[code] ? h('span', { class: 'advice' }, ` → ${HINTS[code]}`) : null)),
      );
    },
  },
  { label: 'Status', value: siteAdvice },
];
