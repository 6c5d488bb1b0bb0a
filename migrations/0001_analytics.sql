-- Form analytics: counters per hourly and daily bucket, small tallies (abandon fields, drop and refusal reasons,
-- latency bins), the install check per site, and the ids of queue messages already counted.
-- Dimension columns are NOT NULL ('' when unknown) so they can be part of the primary key the UPSERTs hit.

-- Hour buckets (hours since the Unix epoch, UTC), kept HOURLY_RETENTION_DAYS (90) days.
CREATE TABLE counters_hourly (
  hour INTEGER NOT NULL,
  site TEXT NOT NULL, page TEXT NOT NULL, form TEXT NOT NULL, source TEXT NOT NULL,
  utm_source TEXT NOT NULL, utm_medium TEXT NOT NULL, utm_campaign TEXT NOT NULL,
  country TEXT NOT NULL, device TEXT NOT NULL,
  views INTEGER NOT NULL DEFAULT 0, starts INTEGER NOT NULL DEFAULT 0, abandons INTEGER NOT NULL DEFAULT 0,
  submissions INTEGER NOT NULL DEFAULT 0, delivered INTEGER NOT NULL DEFAULT 0, retried INTEGER NOT NULL DEFAULT 0,
  dead_lettered INTEGER NOT NULL DEFAULT 0, dropped INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, site, page, form, source, utm_source, utm_medium, utm_campaign, country, device)
) WITHOUT ROWID;

-- Day buckets (days since the Unix epoch, UTC), kept DAILY_RETENTION_DAYS (0 = for ever). Written beside the hourly
-- row in the same batch, so whole-day questions (the API's from/to) read one row per day, not 24.
CREATE TABLE counters_daily (
  day INTEGER NOT NULL,
  site TEXT NOT NULL, page TEXT NOT NULL, form TEXT NOT NULL, source TEXT NOT NULL,
  utm_source TEXT NOT NULL, utm_medium TEXT NOT NULL, utm_campaign TEXT NOT NULL,
  country TEXT NOT NULL, device TEXT NOT NULL,
  views INTEGER NOT NULL DEFAULT 0, starts INTEGER NOT NULL DEFAULT 0, abandons INTEGER NOT NULL DEFAULT 0,
  submissions INTEGER NOT NULL DEFAULT 0, delivered INTEGER NOT NULL DEFAULT 0, retried INTEGER NOT NULL DEFAULT 0,
  dead_lettered INTEGER NOT NULL DEFAULT 0, dropped INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, site, page, form, source, utm_source, utm_medium, utm_campaign, country, device)
) WITHOUT ROWID;

-- Named counts per hour: kind 'abandon' (key = last field touched), 'dropped' (spam reason), 'refused' (refusal
-- code, per origin), 'latency' (key = upper bound of a fixed latency bin, ms). Kept like the hourly buckets.
CREATE TABLE tallies (
  hour INTEGER NOT NULL,
  site TEXT NOT NULL, page TEXT NOT NULL, form TEXT NOT NULL,
  kind TEXT NOT NULL, key TEXT NOT NULL,
  n INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, site, page, form, kind, key)
) WITHOUT ROWID;
CREATE INDEX tallies_kind ON tallies (kind, hour);

-- The install check: when a site's last view and last capture were seen (ms since the epoch).
CREATE TABLE sites (
  origin TEXT PRIMARY KEY,
  last_view INTEGER,
  last_capture INTEGER
);

-- Queue messages (or capture events) already counted: a redelivered message is skipped, so it counts once.
CREATE TABLE processed (
  id TEXT PRIMARY KEY,
  at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX processed_at ON processed (at);
