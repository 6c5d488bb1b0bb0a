// The filter form: written from a state, read back into one (and into the URL), and its in-form behaviours.
import { byId, h } from './dom';
import { FILTERS, type Range, type State, defaultBucket, parseState, presetDates, toQuery } from './state';

const field = <T extends HTMLInputElement | HTMLSelectElement>(name: string) => byId<T>(`f-${name}`);

/** Writes a state into the form (on load, and after back/forward). */
export function fillForm(s: State): void {
  field('range').value = s.range;
  field('from').value = s.from;
  field('to').value = s.to;
  field('bucket').value = s.bucket;
  field('by').value = s.by;
  field('q').value = s.q;
  for (const k of FILTERS) field(k).value = s.filters[k];
}

/** Puts a state in the URL (a new history entry: back undoes it) and in the form. The fragment stays: it carries a
 * share link's token. */
export function go(s: State): State {
  history.pushState(null, '', `${location.pathname}${toQuery(s)}${location.hash}`);
  fillForm(s);
  return s;
}

/** Reads the form into a new state and puts it in the URL (a new history entry: back undoes a filter). */
function readForm(): State {
  const q = new URLSearchParams();
  for (const k of ['range', 'from', 'to', 'bucket', 'by', 'q', ...FILTERS]) q.set(k, field(k).value.trim());
  return go(parseState(`?${q}`));
}

/** The suggestions a filter field offers (values seen in the panels). */
export function fillList(id: string, values: Iterable<string>): void {
  const unique = [...new Set(values)].filter(Boolean).sort();
  byId(`l-${id}`).replaceChildren(...unique.map((v) => h('option', { value: v })));
}

/** Wires the form: `apply` gets the new state after Apply, a breakdown change, Clear filters, or back/forward. */
export function wireFilters(apply: (s: State) => void): void {
  byId('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    apply(readForm());
  });
  // A preset fills in its dates; editing a date makes the range custom; the buckets follow the range's length.
  field('range').addEventListener('change', () => {
    const range = field('range').value as Range;
    if (range !== 'custom') {
      const { from, to } = presetDates(range);
      field('from').value = from;
      field('to').value = to;
    }
    field('bucket').value = defaultBucket(field('from').value, field('to').value);
  });
  for (const d of ['from', 'to']) field(d).addEventListener('change', () => (field('range').value = 'custom'));
  field('by').addEventListener('change', () => apply(readForm()));
  byId('f-clear').addEventListener('click', () => {
    // A share link's fixed filters are read-only: they stay.
    for (const k of FILTERS) if (!field<HTMLInputElement>(k).readOnly) field(k).value = '';
    field('q').value = '';
    apply(readForm());
  });
  window.addEventListener('popstate', () => {
    const s = parseState(location.search);
    fillForm(s);
    apply(s);
  });
}
