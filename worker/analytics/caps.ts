// The cap on new keys: per scope (a site) and hour, at most `newKeys` pages, forms, fields and sources not seen
// before are counted under their own name; the rest count under OTHER, so made-up keys cannot push real rows out of
// any list the admin API returns (they sort by volume). Refused origins are capped the same way, at `refusedOrigins`.
import { jsonChunks } from './chunks';
import { FIELD_KINDS, type EventMessage } from './count';

/** What a key over the cap counts as. */
export const OTHER = '(other)';
export interface Caps {
  /** New distinct keys per scope, dimension and hour (and new sites per hour). */
  newKeys: number;
  /** New distinct refused origins per hour. */
  refusedOrigins: number;
}
export const DEFAULT_CAPS: Caps = { newKeys: 100, refusedOrigins: 20 };

/** Dimensions capped per site ('field' is the key of an abandon or return tally). */
const SITE_DIMS = ['page', 'form', 'source', 'utmSource', 'utmMedium', 'utmCampaign'] as const;
type Key = [scope: string, dim: string, key: string];
const id = (k: Key) => JSON.stringify(k);

/** A row of refusals only: it names an origin that was not let in, which is no site. */
const refusedOnly = (r: EventMessage['rows'][number]) => !Object.values(r.c).some((n) => n > 0) && (r.x ?? []).some(([kind]) => kind === 'refused');

/** Every key the messages would add, in order of first appearance (a site's own key before its sub-keys). */
function keysOf(messages: EventMessage[]): Key[] {
  const keys = new Map<string, Key>();
  const put = (k: Key) => {
    if (k[2] && k[2] !== OTHER && !keys.has(id(k))) keys.set(id(k), k);
  };
  for (const m of messages)
    for (const r of m.rows) {
      if (refusedOnly(r)) {
        put(['', 'refused', r.d.site]);
        continue;
      }
      put(['', 'site', r.d.site]);
      for (const dim of SITE_DIMS) put([r.d.site, dim, r.d[dim]]);
      for (const [kind, key] of r.x ?? []) if (kind !== 'complete' && FIELD_KINDS.has(kind)) put([r.d.site, 'field', key]);
    }
  return [...keys.values()];
}

const KNOWN = `SELECT k.scope, k.dim, k.key, k.last_hour FROM json_each(?1) j JOIN dim_keys k ON k.scope = json_extract(j.value, '$[0]') AND k.dim = json_extract(j.value, '$[1]') AND k.key = json_extract(j.value, '$[2]')`;
const ADDED = `SELECT scope, dim, count(*) AS n FROM dim_keys WHERE first_hour = ?2 AND scope IN (SELECT value FROM json_each(?1)) GROUP BY scope, dim`;
const REMEMBER = `INSERT INTO dim_keys (scope, dim, key, first_hour, last_hour) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), ?2, ?2 FROM json_each(?1) WHERE true ON CONFLICT (scope, dim, key) DO UPDATE SET last_hour = excluded.last_hour`;

/** Rewrites the messages' keys over the cap as OTHER, and returns the statements that remember the keys let in (new
 * ones, and known ones first seen again this hour), to run in the same transaction as the counts. */
export async function applyCaps(db: D1Database, messages: EventMessage[], hour: number, caps: Caps): Promise<D1PreparedStatement[]> {
  const keys = keysOf(messages);
  if (!keys.length) return [];
  const scopes = [...new Set(keys.map((k) => k[0]))];
  const knownReads = jsonChunks(keys).map((json) => db.prepare(KNOWN).bind(json));
  const addedReads = jsonChunks(scopes).map((json) => db.prepare(ADDED).bind(json, hour));
  const results = await db.batch<Record<string, string | number>>([...knownReads, ...addedReads]);
  const known = new Map<string, number>();
  for (const res of results.slice(0, knownReads.length))
    for (const r of res.results) known.set(id([String(r.scope), String(r.dim), String(r.key)]), Number(r.last_hour));
  const added = new Map<string, number>();
  for (const res of results.slice(knownReads.length)) for (const r of res.results) added.set(JSON.stringify([r.scope, r.dim]), Number(r.n));
  const pass = new Set<string>();
  const remember: Key[] = [];
  for (const k of keys) {
    // A site over the cap takes its keys with it (its own key comes first in `keys`).
    if (k[0] && !pass.has(id(['', 'site', k[0]]))) continue;
    const last = known.get(id(k));
    if (last !== undefined) {
      pass.add(id(k));
      if (last < hour) remember.push(k);
      continue;
    }
    const bucket = JSON.stringify([k[0], k[1]]);
    const n = added.get(bucket) ?? 0;
    if (n >= (k[1] === 'refused' ? caps.refusedOrigins : caps.newKeys)) continue;
    added.set(bucket, n + 1);
    pass.add(id(k));
    remember.push(k);
  }
  const keep = (scope: string, dim: string, key: string) => (!key || pass.has(id([scope, dim, key])) ? key : OTHER);
  for (const m of messages)
    for (const r of m.rows) {
      if (refusedOnly(r)) {
        r.d.site = keep('', 'refused', r.d.site);
        continue;
      }
      const site = r.d.site;
      r.d.site = keep('', 'site', site);
      for (const dim of SITE_DIMS) r.d[dim] = keep(site, dim, r.d[dim]);
      r.x = r.x?.map(([kind, key]) => (kind === 'complete' || !FIELD_KINDS.has(kind) ? [kind, key] : [kind, keep(site, 'field', key)]));
    }
  return jsonChunks(remember).map((json) => db.prepare(REMEMBER).bind(json, hour));
}
