-- Page views, field-level drop-off and time to complete, the realtime minutes, and the registry of known keys that
-- caps how many new pages, forms, fields, sources and sites a site can add per hour (worker/analytics/caps.ts).

-- Page views (every page, with or without a form) are counted on the page's row whose form is ''.
ALTER TABLE counters_hourly ADD COLUMN pageviews INTEGER NOT NULL DEFAULT 0;
ALTER TABLE counters_daily ADD COLUMN pageviews INTEGER NOT NULL DEFAULT 0;

-- Per form and hour, counts by field: kind 'abandon' (key = the last field before leaving), 'return' (key = a field
-- the visitor came back to), 'complete' (key = upper bound in ms of a fixed time-to-complete bin, count.ts
-- COMPLETION_BINS). Kept like the hourly buckets. Source and campaign are here so the API's filters narrow them.
CREATE TABLE field_tallies (
  hour INTEGER NOT NULL,
  site TEXT NOT NULL, page TEXT NOT NULL, form TEXT NOT NULL, source TEXT NOT NULL, utm_campaign TEXT NOT NULL,
  kind TEXT NOT NULL, key TEXT NOT NULL,
  n INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, site, page, form, source, utm_campaign, kind, key)
) WITHOUT ROWID;
INSERT INTO field_tallies (hour, site, page, form, source, utm_campaign, kind, key, n)
  SELECT hour, site, page, form, '', '', 'abandon', key, n FROM tallies WHERE kind = 'abandon';
DELETE FROM tallies WHERE kind = 'abandon';

-- Page views and starts per minute (minutes since the epoch), for GET /admin/api/realtime: pruned past 60 minutes
-- by every consumer batch and by the daily cron.
CREATE TABLE realtime (
  minute INTEGER NOT NULL,
  site TEXT NOT NULL, page TEXT NOT NULL, form TEXT NOT NULL, source TEXT NOT NULL, utm_campaign TEXT NOT NULL,
  pageviews INTEGER NOT NULL DEFAULT 0, starts INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (minute, site, page, form, source, utm_campaign)
) WITHOUT ROWID;

-- Keys already counted, per scope (a site; '' for sites and refused origins themselves) and dimension: a key seen
-- before passes; a new one passes while its scope added fewer than the cap this hour, else it counts as '(other)'.
-- Hours since the epoch; a key unseen for HOURLY_RETENTION_DAYS is forgotten (and counts as new again).
CREATE TABLE dim_keys (
  scope TEXT NOT NULL, dim TEXT NOT NULL, key TEXT NOT NULL,
  first_hour INTEGER NOT NULL, last_hour INTEGER NOT NULL,
  PRIMARY KEY (scope, dim, key)
) WITHOUT ROWID;
CREATE INDEX dim_keys_new ON dim_keys (first_hour, scope, dim);
CREATE INDEX dim_keys_last ON dim_keys (last_hour);

-- Refusals are only ever written to the tallies now; rows an earlier version wrote into sites for refused origins
-- (never viewed, never captured) go.
DELETE FROM sites WHERE last_view IS NULL AND last_capture IS NULL;
