// Rows bound as JSON parameters, cut into pieces D1 takes: at most 2 MB per string (developers.cloudflare.com/d1/
// platform/limits), so a batch of 100 messages with long keys becomes several statements, never one 6 MB string.

/** 1 MB: half of D1's 2 MB per string, so the JSON's own brackets and commas never tip a piece over. */
export const PARAM_BYTES = 1_000_000;
const encoder = new TextEncoder();

/** The rows as JSON arrays of at most `maxBytes` UTF-8 bytes each (a single row larger than that is one piece). */
export function jsonChunks(rows: readonly unknown[], maxBytes = PARAM_BYTES): string[] {
  const out: string[] = [];
  let piece: string[] = [];
  let size = 2;
  for (const row of rows) {
    const text = JSON.stringify(row);
    const bytes = encoder.encode(text).byteLength + 1;
    if (piece.length && size + bytes > maxBytes) {
      out.push(`[${piece.join(',')}]`);
      piece = [];
      size = 2;
    }
    piece.push(text);
    size += bytes;
  }
  if (piece.length) out.push(`[${piece.join(',')}]`);
  return out;
}
