// The console's entry: sign-in, and loading every panel with the same parameters (the state in the URL).
import { ApiError, type BreakdownRow, type FormRow, type Health, type SeriesPoint, type SiteRow, api, token } from './api';
import { drawChart } from './chart';
import { loadDeadLetters } from './dead-letters';
import { type Column, byId, download, h, table, toCsv } from './dom';
import { FUNNEL_COLUMNS, SITE_COLUMNS, breakdownColumns, healthList } from './panels';
import { fillForm, fillList, wireFilters } from './filters';
import { type State, apiParams, parseState } from './state';

let state: State = parseState(location.search);
/** The rows each exportable table shows now, for its Download CSV button. */
const shown: Record<string, { columns: Column<never>[]; rows: unknown[] }> = {};

const status = (text: string) => {
  byId('status').textContent = text;
};
const describe = (err: unknown) => (err instanceof ApiError ? `${err.message} (${err.status} ${err.code})` : String(err));

function showSignedIn(signedIn: boolean, message = ''): void {
  byId('signin').hidden = signedIn;
  byId('app').hidden = !signedIn;
  byId('sign-out').hidden = !signedIn;
  byId('signin-error').textContent = message;
  if (!signedIn) byId<HTMLInputElement>('token').focus();
}

/** Answers to an older loadAll (filters changed while they were on their way) are dropped, never drawn. */
const STALE = Symbol('stale');
let generation = 0;

/** Runs one panel's load; its failure shows in that panel alone, except a 401, which signs out. */
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

async function loadAll(): Promise<void> {
  const q = apiParams(state);
  const gen = ++generation;
  const get = async <T>(path: string, params: URLSearchParams): Promise<T> => {
    const answer = await api<T>(path, params);
    if (gen !== generation) throw STALE;
    return answer;
  };
  status('Loading…');
  const results = await Promise.allSettled([
    panel('p-funnel', async (body) => {
      const { rows } = await get<{ rows: FormRow[] }>('/api/forms', q);
      shown.funnel = { columns: FUNNEL_COLUMNS as Column<never>[], rows };
      body.replaceChildren(table('Funnel per form', FUNNEL_COLUMNS, rows, 'No form counted in this range.'));
      byId('empty').hidden = rows.length > 0;
      byId('empty-tag').textContent = `<script defer src="${location.origin}${document.body.dataset.base ?? ''}/s.js"></script>`;
      fillList(
        'site',
        rows.map((r) => r.site),
      );
      fillList(
        'page',
        rows.map((r) => r.page),
      );
      fillList(
        'form',
        rows.map((r) => r.form),
      );
    }),
    panel('p-chart', async () => {
      const s = await get<{ points: SeriesPoint[] }>('/api/series', new URLSearchParams([...q, ['bucket', state.bucket]]));
      drawChart(byId('chart'), byId('chart-summary'), s.points, state.bucket);
    }),
    panel('p-breakdown', async (body) => {
      const { rows } = await get<{ rows: BreakdownRow[] }>('/api/breakdown', new URLSearchParams([...q, ['by', state.by]]));
      const columns = breakdownColumns(state.by);
      shown.breakdown = { columns: columns as Column<never>[], rows };
      body.replaceChildren(table(`Counts by ${state.by}`, columns, rows, 'Nothing counted in this range.'));
      if (state.by === 'source' || state.by === 'campaign')
        fillList(
          state.by,
          rows.map((r) => r.key),
        );
    }),
    panel('p-health', async (body) => body.replaceChildren(healthList(await get<Health>('/api/health', q)))),
    panel('p-sites', async (body) => {
      const { sites } = await get<{ sites: SiteRow[] }>('/api/sites', q);
      body.replaceChildren(table('Sites seen', SITE_COLUMNS, sites, 'No site seen yet: paste the tag on a page and open it.'));
    }),
    panel('p-dead', (body) =>
      loadDeadLetters(body, {
        done: async (m) => {
          await loadAll();
          status(m);
        },
        fail: (e) => status(`Failed: ${describe(e)}`),
      }),
    ),
  ]);
  if (gen !== generation) return;
  if (results.some((r) => r.status === 'rejected')) {
    token.clear();
    return showSignedIn(false, 'The worker refused this token (401). Sign in again.');
  }
  status(`Showing ${state.from} to ${state.to} (UTC).`);
}

function wire(): void {
  byId('signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = byId<HTMLInputElement>('token');
    token.set(input.value.trim());
    input.value = '';
    showSignedIn(true);
    // The focused button is hidden now: focus moves to the start of the content, so Tab reaches the filters next.
    byId('main').focus();
    void loadAll();
  });
  byId('sign-out').addEventListener('click', () => {
    token.clear();
    showSignedIn(false);
  });
  wireFilters((next) => {
    state = next;
    void loadAll();
  });
  for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-csv]')) {
    b.addEventListener('click', () => {
      const t = shown[b.dataset.csv!];
      if (t) download(`${b.dataset.csv}-${state.from}_${state.to}.csv`, toCsv(t.columns, t.rows as never[]));
    });
  }
}

wire();
fillForm(state);
if (token.get()) {
  showSignedIn(true);
  void loadAll();
} else showSignedIn(false);
