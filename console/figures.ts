// The key figures as cards (totals of the range, each with its change from the previous period): what a phone shows
// first, two to a row, without sideways scrolling.
import type { SeriesPoint } from './api';
import { delta } from './compare';
import { count, h, percent } from './dom';

const KEYS = ['pageviews', 'views', 'starts', 'abandons', 'submissions', 'delivered'] as const;
export type Totals = Record<(typeof KEYS)[number], number>;

export function totals(points: SeriesPoint[]): Totals {
  const t = Object.fromEntries(KEYS.map((k) => [k, 0])) as Totals;
  // ?? 0: a worker older than the page-view counts answers points without pageviews and abandons.
  for (const p of points) for (const k of KEYS) t[k] += p[k] ?? 0;
  return t;
}

const LABELS: Record<(typeof KEYS)[number], string> = {
  pageviews: 'Page views',
  views: 'Form views',
  starts: 'Starts',
  abandons: 'Abandons',
  submissions: 'Submissions',
  delivered: 'Logs delivered',
};

/** Conversion per page view: submissions ÷ page views (null before any page view). */
export const conversion = (t: Totals) => (t.pageviews > 0 ? t.submissions / t.pageviews : null);

export function figureCards(cur: Totals, prev: Totals | null): HTMLElement {
  const card = (label: string, value: string, d: HTMLElement | null) => h('div', { class: 'card' }, h('dt', {}, label), h('dd', {}, value, d));
  return h(
    'dl',
    { class: 'cards' },
    ...KEYS.map((k) => card(LABELS[k], count(cur[k]), prev ? delta(cur[k], prev[k]) : null)),
    card('Conversion (submissions ÷ page views)', percent(conversion(cur)), prev ? delta(conversion(cur), conversion(prev), 'rate') : null),
  );
}
