// The field drop-off panel, per form: abandons by last field and returns by field (with their deltas), and the time
// from start to submit as a distribution (p50, p90 and a bar per fixed bin).
import type { CompletionBin, FieldsAnswer } from './api';
import { delta } from './compare';
import { count, h, ms } from './dom';
import { FIELD_COLUMNS } from './panels';
import { rowTable } from './rows';

const binLabel = (b: CompletionBin, i: number, bins: CompletionBin[]) => {
  if (b.le !== null) return `≤ ${ms(b.le)}`;
  const last = bins[i - 1]?.le;
  return last === undefined || last === null ? 'any' : `> ${ms(last)}`;
};

export function fieldsView(form: string, x: FieldsAnswer, prev: FieldsAnswer | null, contains: string): HTMLElement {
  const c = x.completionMs;
  const total = c.bins.reduce((s, b) => s + b.n, 0);
  const max = Math.max(1, ...c.bins.map((b) => b.n));
  const card = (label: string, value: number | null, before: number | null | undefined) =>
    h('div', { class: 'card' }, h('dt', {}, label), h('dd', {}, ms(value), prev ? delta(value, before, 'ms') : null));
  const bins = total
    ? h(
        'table',
        { class: 'bins' },
        h('caption', {}, `Time from start to submit, ${form} (${count(total)} submissions)`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Time'),
            h('th', { scope: 'col', class: 'num' }, 'Submissions'),
            h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Share')),
          ),
        ),
        h(
          'tbody',
          {},
          ...c.bins.map((b, i) => {
            const bar = h('span', { class: 'bar' });
            // CSSOM, not a style attribute: the console's CSP allows no inline style.
            bar.style.width = `${Math.round((b.n / max) * 100)}%`;
            return h(
              'tr',
              {},
              h('td', {}, binLabel(b, i, c.bins)),
              h('td', { class: 'num' }, count(b.n)),
              h('td', { class: 'bar-cell', 'aria-hidden': 'true' }, bar),
            );
          }),
        ),
      )
    : h('p', { class: 'none' }, 'No submission of this form in this range: no time to complete yet.');
  return h(
    'div',
    {},
    rowTable(
      {
        caption: `Where visitors of ${form} stopped (last field before leaving) and which fields they came back to`,
        columns: FIELD_COLUMNS,
        rows: x.rows,
        previous: prev?.rows,
        id: (r) => r.field,
        contains,
      },
      'No abandon or return counted for this form in this range.',
    ),
    h('h3', {}, 'Time to complete'),
    h('dl', { class: 'cards' }, card('Median (p50)', c.p50, prev?.completionMs.p50), card('p90', c.p90, prev?.completionMs.p90)),
    bins,
  );
}
