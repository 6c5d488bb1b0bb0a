// Read-only share links in the console: the admin makes one (POST /admin/api/share with the filters in force), and a
// page opened from one shows the dashboard with the link's filters fixed and no dead letters, install check or sharing.
import { api, shareToken } from './api';
import { byId } from './dom';
import { FILTERS, type FilterKey, type State } from './state';

export interface SharedView {
  exp: number;
  f: Partial<Record<FilterKey, string>>;
}

/** The link's payload as the worker signed it (read, not trusted: the worker checks the signature on every call). */
export function sharedView(): SharedView | null {
  const token = shareToken();
  if (!token) return null;
  try {
    const body = token.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
    const p = JSON.parse(new TextDecoder().decode(bytes)) as SharedView;
    return { exp: Number(p.exp), f: p.f ?? {} };
  } catch {
    return { exp: 0, f: {} };
  }
}

/** The state with the link's filters in place of the URL's: the page asks for what the worker will answer anyway. */
export function withFixed(s: State, view: SharedView | null): State {
  return view ? { ...s, filters: { ...s.filters, ...view.f } } : s;
}

const describeFilters = (f: Partial<Record<FilterKey, string>>) =>
  FILTERS.filter((k) => f[k])
    .map((k) => `${k} = ${f[k]}`)
    .join(', ') || 'none (everything this worker counts)';

/** Shows the read-only banner, locks the fixed filter fields, and removes what a link may not use. */
export function enterSharedMode(view: SharedView): void {
  document.body.classList.add('shared');
  for (const id of ['p-dead', 'p-sites', 'p-share', 'sign-out', 'signin']) byId(id).remove();
  for (const k of FILTERS) {
    const input = byId<HTMLInputElement>(`f-${k}`);
    if (view.f[k]) {
      input.readOnly = true;
      input.value = view.f[k]!;
      input.setAttribute('aria-description', 'fixed by the share link');
    }
  }
  const until = new Date(view.exp * 1000).toISOString().slice(0, 16).replace('T', ' ');
  byId('shared').hidden = false;
  byId('shared-text').textContent = `Filters fixed by the link: ${describeFilters(view.f)}. The link works until ${until} UTC.`;
}

/** Wires the admin's "Create link" button: the link fixes the filters in force now. */
export function wireShareCreate(current: () => State, report: (text: string) => void): void {
  byId('share-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const s = current();
    const filters = Object.fromEntries(FILTERS.filter((k) => s.filters[k]).map((k) => [k, s.filters[k]]));
    const days = Number(byId<HTMLSelectElement>('share-days').value);
    try {
      const made = await api<{ url: string; expiresAt: string }>('/api/share', undefined, 'POST', { days, filters });
      const out = byId<HTMLInputElement>('share-url');
      out.value = made.url;
      byId('share-out').hidden = false;
      byId('share-note').textContent = `Read-only, filters fixed: ${describeFilters(filters)}. Expires ${made.expiresAt.slice(0, 16).replace('T', ' ')} UTC.`;
      out.focus();
      out.select();
    } catch (err) {
      report(`Could not make a link: ${String(err instanceof Error ? err.message : err)}`);
    }
  });
  byId('share-copy').addEventListener('click', () => {
    const out = byId<HTMLInputElement>('share-url');
    out.select();
    void navigator.clipboard?.writeText(out.value).then(
      () => (byId('share-note').textContent = 'Copied.'),
      () => {},
    );
  });
}
