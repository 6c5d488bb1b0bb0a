// The console's entry: sign-in (or a share link's read-only view), the filters in the URL, and the panels' loads.
import { token } from './api';
import { byId, download, toCsv } from './dom';
import { fillForm, go, wireFilters } from './filters';
import { type Host, loadAll, loadFields, loadRealtime } from './load';
import { startRealtime } from './realtime';
import { enterSharedMode, sharedView, wireShareCreate, withFixed } from './share';
import { type State, parseState } from './state';

const view = sharedView();
let state: State = withFixed(parseState(location.search), view);
let realtimeOn = false;

const status = (text: string) => {
  byId('status').textContent = text;
};

function showSignedIn(signedIn: boolean, message = ''): void {
  byId('app').hidden = !signedIn;
  if (view) return;
  byId('signin').hidden = signedIn;
  byId('sign-out').hidden = !signedIn;
  byId('signin-error').textContent = message;
  if (!signedIn) byId<HTMLInputElement>('token').focus();
}

const host: Host = {
  state: () => state,
  filter: (f) => {
    state = go(withFixed({ ...state, filters: { ...state.filters, ...f } }, view));
    void loadAll(host);
  },
  status,
  shared: view !== null,
  fixed: view?.f ?? {},
  shown: {},
  refused: () => {
    if (view) {
      byId('app').hidden = true;
      byId('shared-text').textContent = 'This share link has expired or is not valid (401): ask whoever sent it for a new one.';
      return;
    }
    token.clear();
    showSignedIn(false, 'The worker refused this token (401). Sign in again.');
  },
};

function start(): void {
  showSignedIn(true);
  void loadAll(host);
  if (!realtimeOn) startRealtime(() => loadRealtime(host));
  realtimeOn = true;
}

function wire(): void {
  if (!view) {
    byId('signin-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const input = byId<HTMLInputElement>('token');
      token.set(input.value.trim());
      input.value = '';
      start();
      // The focused button is hidden now: focus moves to the start of the content, so Tab reaches the filters next.
      byId('main').focus();
    });
    byId('sign-out').addEventListener('click', () => {
      token.clear();
      showSignedIn(false);
    });
    wireShareCreate(() => state, status);
  }
  wireFilters((next) => {
    state = withFixed(next, view);
    fillForm(state);
    void loadAll(host);
  });
  byId('fields-form').addEventListener('change', () => void loadFields(host, byId<HTMLSelectElement>('fields-form').value || null));
  byId('no-match-clear').addEventListener('click', () => byId('f-clear').click());
  for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-csv]')) {
    b.addEventListener('click', () => {
      const t = host.shown[b.dataset.csv!];
      if (t) download(`${b.dataset.csv}-${state.from}_${state.to}.csv`, toCsv(t.columns, t.rows as never[]));
    });
  }
}

if (view) enterSharedMode(view);
wire();
fillForm(state);
if (view || token.get()) start();
else showSignedIn(false);
