// Structured JSON log lines (Workers Logs indexes them). Callers pass ids, codes and counts, never secrets or bodies.
export type LogEvent =
  | 'capture.accepted'
  | 'capture.rejected'
  | 'capture.dropped'
  | 'capture.held'
  | 'capture.invalid_hint'
  | 'visit.settled'
  | 'visit.retry'
  | 'visit.erased'
  | 'delivery.delivered'
  | 'delivery.retry'
  | 'delivery.dead_lettered'
  | 'delivery.invalid_message'
  | 'dead_letter.replayed'
  | 'dead_letter.deleted'
  | 'admin.erased'
  | 'admin.refused'
  | 'admin.share_created'
  | 'config.invalid'
  | 'config.wildcard_origin'
  | 'ledger.failed'
  | 'request.refused'
  | 'request.crashed'
  | 'turnstile.unavailable'
  | 'analytics.send_failed'
  | 'analytics.invalid_message'
  | 'analytics.no_database'
  | 'analytics.stored'
  | 'events.rejected';

/** Events an operator should see; every other event is `info`. */
const LEVELS: Partial<Record<LogEvent, 'warn' | 'error'>> = {
  'delivery.dead_lettered': 'error',
  'delivery.invalid_message': 'error',
  'config.invalid': 'error',
  'request.crashed': 'error',
  'config.wildcard_origin': 'warn',
  'turnstile.unavailable': 'warn',
  'analytics.send_failed': 'warn',
  'analytics.no_database': 'warn',
  'capture.invalid_hint': 'warn',
  'visit.retry': 'warn',
};

export function log(event: LogEvent, fields: Record<string, string | number | boolean | undefined> = {}): void {
  console.log(JSON.stringify({ level: LEVELS[event] ?? 'info', event, ...fields }));
}
