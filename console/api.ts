// The console's only way out: fetches to this worker's admin routes, with the token from sessionStorage as Bearer,
// or, opened from a read-only share link, the link's token as `Share`. The answer shapes are the worker's own, from
// common/admin-api.ts (README, "Admin API").

export type {
  BreakdownRow,
  CompletionBin,
  FieldsAnswer,
  FieldRow,
  FormRow,
  Health,
  PageRow,
  RealtimeAnswer,
  SeriesPoint,
  SiteRow,
} from '../common/admin-api';
export interface DeadLetterItem {
  captureId: string;
  reason: string;
  status?: number;
  attempts: number;
  deadAt: string;
}

const TOKEN_KEY = 'prospect-beacon.admin-token';
/** ROUTE_PREFIX, written into the page by the worker. */
const base = () => document.body.dataset.base ?? '';

export const token = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (t: string) => sessionStorage.setItem(TOKEN_KEY, t),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** The share link's token, from the page's fragment (`/admin#share=…`): a browser never sends a fragment to a server. */
export const shareToken = (): string | null => new URLSearchParams(location.hash.slice(1)).get('share');

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Calls `<prefix>/admin<path>`; throws ApiError (status 401 means: sign in again) on any non-2xx answer. */
export async function api<T>(path: string, params?: URLSearchParams, method = 'GET', send?: unknown): Promise<T> {
  const url = `${base()}/admin${path}${params ? `?${params}` : ''}`;
  const share = shareToken();
  const headers: Record<string, string> = { authorization: share ? `Share ${share}` : `Bearer ${token.get() ?? ''}` };
  if (send !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, cache: 'no-store', body: send === undefined ? undefined : JSON.stringify(send) });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? 'http_error', err?.message ?? `HTTP ${res.status}`);
  }
  return body as T;
}
