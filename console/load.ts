// Loads every panel for one state: the range asked of each route, and the previous range of equal length for the
// deltas. Answers to an older load (filters changed while they were on their way) are dropped, never drawn.
import {
  ApiError,
  type BreakdownRow,
  type FieldsAnswer,
  type FormRow,
  type Health,
  type PageRow,
  type RealtimeAnswer,
  type SeriesPoint,
  type SiteRow,
  api,
} from './api';
import { drawChart } from './chart';
import { loadDeadLetters } from './dead-letters';
import { type Column, byId, h, table } from './dom';
import { fieldsView } from './fields';
import { figureCards, totals } from './figures';
import { fillList } from './filters';
import { FILTERABLE_BY, FUNNEL_COLUMNS, PAGE_COLUMNS, SITE_COLUMNS, breakdownColumns, formId, healthList, pageId } from './panels';
import { rearmRealtime, realtimeView } from './realtime';
import { keep, rowTable } from './rows';
import { type FilterKey, type State, apiParams, isFiltered, previousParams, previousRange } from './state';

export interface Host {
  state: () => State;
  /** Sets filters (a row was clicked) and reloads. */
  filter: (f: Partial<Record<FilterKey, string>>) => void;
  status: (text: string) => void;
  /** A read-only share link: no dead letters, no install check. */
  shared: boolean;
  /** The filters a share link fixes: not the viewer's to clear, so never what "your filters" means. */
  fixed: Partial<Record<FilterKey, string>>;
  /** The rows each exportable table shows now, for its Download CSV button. */
  shown: Record<string, { columns: Column<never>[]; rows: unknown[] }>;
  /** A 401: the token (or link) is no longer accepted. */
  refused: () => void;
}

const STALE = Symbol('stale');
let generation = 0;
const describe = (err: unknown) => (err instanceof ApiError ? `${err.message} (${err.status} ${err.code})` : String(err));

/** Runs one panel's load; its failure shows in that panel alone, except a 401, which the caller handles. */
async function panel(id: string, load: (body: HTMLElement) => Promise<void>): Promise<void> {
  const body = byId(id).querySelector<HTMLElement>('.body') ?? byId(id);
  try {
    await load(body);
  } catch (err) {
    if (err === STALE) return;
    if (err instanceof ApiError && err.status === 401) throw err;
    body.replaceChildren(h('p', { class: 'error' }, `Could not load: ${describe(err)}`));
  }
}

/** The panel of one form's fields; `form` null: no form counted. */
export async function loadFields(host: Host, form: string | null): Promise<void> {
  const gen = generation;
  await panel('p-fields', async (body) => {
    if (!form) {
      body.replaceChildren(h('p', { class: 'none' }, 'No form counted in this range.'));
      return;
    }
    const s = host.state();
    const params = (p: URLSearchParams) => new URLSearchParams([...p, ['form', form]]);
    const [cur, prev] = await Promise.all([
      api<FieldsAnswer>('/api/fields', params(apiParams(s))),
      api<FieldsAnswer>('/api/fields', params(previousParams(s))).catch(() => null),
    ]);
    if (gen !== generation) return;
    body.replaceChildren(fieldsView(form, cur, prev, s.q));
  });
}

/** Fills the form picker of the fields panel: the filter's form, else the one picked before, else the most started. */
function pickForm(host: Host, rows: FormRow[]): string | null {
  const names = [...new Map([...rows].sort((a, b) => b.starts - a.starts).map((r) => [r.form, r])).keys()];
  const select = byId<HTMLSelectElement>('fields-form');
  const want = host.state().filters.form || (names.includes(select.value) ? select.value : names[0]) || '';
  select.replaceChildren(...names.map((n) => h('option', n === want ? { value: n, selected: '' } : { value: n }, n)));
  select.value = want;
  return want || null;
}

export async function loadRealtime(host: Host): Promise<void> {
  await panel('p-realtime', async (body) => {
    const params = apiParams(host.state());
    params.delete('from');
    params.delete('to');
    body.replaceChildren(realtimeView(await api<RealtimeAnswer>('/api/realtime', params)));
  });
}

export async function loadAll(host: Host): Promise<void> {
  const state = host.state();
  const q = apiParams(state);
  const qPrev = previousParams(state);
  const gen = ++generation;
  const get = async <T>(path: string, params: URLSearchParams): Promise<T> => {
    const answer = await api<T>(path, params);
    if (gen !== generation) throw STALE;
    return answer;
  };
  // The previous period only adds deltas: its failure leaves the figures without them.
  const before = <T>(path: string, params: URLSearchParams) => get<T>(path, params).catch((e) => (e === STALE ? Promise.reject(e) : null));
  const prev = previousRange(state);
  byId('compare-note').textContent = `Changes are against ${prev.from} to ${prev.to}, the ${prev.from === prev.to ? 'day' : 'days'} before.`;
  const seen = { counted: false, visible: 0 };
  const sum = (t: ReturnType<typeof totals>) => Object.values(t).reduce((a, b) => a + b, 0);
  host.status('Loading…');
  const results = await Promise.allSettled([
    panel('p-figures', async (body) => {
      const bucket = new URLSearchParams([['bucket', state.bucket]]);
      const [cur, old] = await Promise.all([
        get<{ points: SeriesPoint[] }>('/api/series', new URLSearchParams([...q, ...bucket])),
        before<{ points: SeriesPoint[] }>('/api/series', new URLSearchParams([...qPrev, ...bucket])),
      ]);
      const t = totals(cur.points);
      if (sum(t) > 0) seen.counted = true;
      body.replaceChildren(figureCards(t, old ? totals(old.points) : null));
      drawChart(byId('chart'), byId('chart-summary'), cur.points, state.bucket);
    }),
    panel('p-pages', async (body) => {
      const [{ rows }, old] = await Promise.all([get<{ rows: PageRow[] }>('/api/pages', q), before<{ rows: PageRow[] }>('/api/pages', qPrev)]);
      if (rows.length) seen.counted = true;
      const t = { columns: PAGE_COLUMNS, contains: state.q };
      seen.visible += keep(t, rows).length;
      host.shown.pages = { columns: PAGE_COLUMNS as Column<never>[], rows: keep(t, rows) };
      body.replaceChildren(
        rowTable(
          { ...t, caption: 'Funnel per page', rows, previous: old?.rows, id: pageId, filterTo: (r) => ({ site: r.site, page: r.page }), onFilter: host.filter },
          'No page view counted in this range.',
        ),
      );
    }),
    panel('p-funnel', async (body) => {
      const [{ rows }, old] = await Promise.all([get<{ rows: FormRow[] }>('/api/forms', q), before<{ rows: FormRow[] }>('/api/forms', qPrev)]);
      if (rows.length) seen.counted = true;
      const t = { columns: FUNNEL_COLUMNS, contains: state.q };
      seen.visible += keep(t, rows).length;
      host.shown.funnel = { columns: FUNNEL_COLUMNS as Column<never>[], rows: keep(t, rows) };
      body.replaceChildren(
        rowTable(
          {
            ...t,
            caption: 'Funnel per form',
            rows,
            previous: old?.rows,
            id: formId,
            filterTo: (r) => ({ site: r.site, page: r.page, form: r.form }),
            onFilter: host.filter,
          },
          'No form counted in this range.',
        ),
      );
      byId('empty-tag').textContent = `<script defer src="${location.origin}${document.body.dataset.base ?? ''}/s.js"></script>`;
      for (const k of ['site', 'page', 'form'] as const)
        fillList(
          k,
          rows.map((r) => r[k]),
        );
      await loadFields(host, pickForm(host, rows));
    }),
    panel('p-breakdown', async (body) => {
      const by = new URLSearchParams([['by', state.by]]);
      const [{ rows }, old] = await Promise.all([
        get<{ rows: BreakdownRow[] }>('/api/breakdown', new URLSearchParams([...q, ...by])),
        before<{ rows: BreakdownRow[] }>('/api/breakdown', new URLSearchParams([...qPrev, ...by])),
      ]);
      const columns = breakdownColumns(state.by);
      host.shown.breakdown = { columns: columns as Column<never>[], rows: keep({ columns, contains: state.q }, rows) };
      const filterBy = (FILTERABLE_BY as readonly string[]).includes(state.by) ? (state.by as FilterKey) : null;
      body.replaceChildren(
        rowTable(
          {
            caption: `Counts by ${columns[0]!.label.toLowerCase()}`,
            columns,
            rows,
            previous: old?.rows,
            id: (r) => r.key,
            contains: state.q,
            filterTo: filterBy ? (r) => ({ [filterBy]: r.key }) : undefined,
            onFilter: host.filter,
          },
          'Nothing counted in this range.',
        ),
      );
      if (state.by === 'source' || state.by === 'campaign')
        fillList(
          state.by,
          rows.map((r) => r.key),
        );
    }),
    panel('p-health', async (body) => {
      const [cur, old] = await Promise.all([get<Health>('/api/health', q), before<Health>('/api/health', qPrev)]);
      body.replaceChildren(healthList(cur, old));
    }),
    loadRealtime(host).then(rearmRealtime),
    ...(host.shared
      ? []
      : [
          panel('p-sites', async (body) => {
            const { sites } = await get<{ sites: SiteRow[] }>('/api/sites', q);
            body.replaceChildren(table('Sites seen', SITE_COLUMNS, sites, 'No site seen yet: paste the tag on a page and open it.'));
          }),
          panel('p-dead', (body) =>
            loadDeadLetters(body, {
              done: async (m) => {
                await loadAll(host);
                host.status(m);
              },
              fail: (e) => host.status(`Failed: ${describe(e)}`),
            }),
          ),
        ]),
  ]);
  if (gen !== generation) return;
  if (results.some((r) => r.status === 'rejected')) return host.refused();
  // Nothing at all in the range: the filters are why (say so, offer to clear them), or nothing was ever counted
  // (say how to install). Rows counted but all hidden by "rows containing": the filters again.
  const filtered = isFiltered({ ...state, filters: { ...state.filters, ...Object.fromEntries(Object.keys(host.fixed).map((k) => [k, ''])) } });
  byId('empty').hidden = seen.counted || filtered;
  byId('no-match').hidden = !((!seen.counted && filtered) || (seen.counted && state.q !== '' && seen.visible === 0));
  host.status(`Showing ${state.from} to ${state.to} (UTC).`);
}
