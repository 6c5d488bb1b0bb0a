// Structured JSON log lines (Workers Logs indexes them). Callers pass ids, codes and counts, never secrets or bodies.
export type LogEvent =
  | 'capture.accepted' | 'capture.rejected' | 'capture.dropped'
  | 'delivery.delivered' | 'delivery.retry' | 'delivery.dead_lettered' | 'delivery.invalid_message'
  | 'dead_letter.replayed' | 'config.invalid' | 'ledger.failed' | 'request.refused';

export function log(event: LogEvent, fields: Record<string, string | number | boolean | undefined> = {}): void {
  const level = event.endsWith('dead_lettered') || event.startsWith('config') || event.endsWith('invalid_message') ? 'error' : 'info';
  console.log(JSON.stringify({ level, event, ...fields }));
}
