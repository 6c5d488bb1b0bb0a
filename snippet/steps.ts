// Wizard steps kept in this tab until the flow's final submit, which takes them along (capture.ts); never sent if the
// visitor never submits. /flows.js (snippet/flows.ts) stores them as the visitor clicks a wizard's plain buttons.
import type { Field, Fields } from './fields';
import { load } from './storage';

let steps: { [key: string]: Field[] } | undefined;
/** Steps kept in this tab: memory, mirrored in sessionStorage for a step that navigates (lost where storage is
 * blocked). Read at first use. */
export const kept = (): { [key: string]: Field[] } => (steps = steps || load('pb_steps', true) || {});

/** Later values win by field name; fields only the earlier step had are kept (up to the field limit). */
export const merge = (before: Field[] | undefined, fields: Fields): Fields => (
  before && fields.unshift(...before.filter((f) => !fields.some((g) => g.name == f.name)).slice(0, 100 - fields.length)), fields
);
