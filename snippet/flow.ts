// Wizards and formless flows. A click on a button decides whether the values around it are a step (kept in the
// browser until the flow's final submit; never sent if the visitor never submits) or a final action (captured
// like a submit). No word list in the browser could be shorter: the decision must be made before anything leaves.
import { formless, source } from './config';
import { type Field, type Fields, FINAL, NEXT, arrived, decided, formFields, reads, waits, words } from './fields';
import { formKey } from './keys';
import { captureForm, record } from './capture';
import { load, save } from './storage';

let steps: { [key: string]: Field[] } | undefined;
/** Steps kept in this tab: memory, mirrored in sessionStorage for a step that navigates (lost where storage is
 * blocked). Read at first use. */
export const kept = (): { [key: string]: Field[] } => (steps = steps || load('pb_steps', true) || {});

/** Later values win by field name; fields only the earlier step had are kept (up to the field limit). */
export const merge = (before: Field[] | undefined, fields: Fields): Fields => (
  before && fields.unshift(...before.filter((f) => !fields.some((g) => g.name == f.name)).slice(0, 100 - fields.length)), fields
);

function keep(key: string, fields: Fields): void {
  // Fields that wait for /words.js (fields.ts) join the step once it has decided them, never stored undecided; the
  // rest is kept now.
  if (waits(fields)) arrived.push(() => keep(key, fields));
  const s = kept();
  s[key] = merge(s[key], fields.filter(decided));
  save('pb_steps', s, true);
}

const says = (rule: number, el: Element) => reads(rule, words(el));

export function onClick(e: Event): void {
  const t = e.composedPath()[0] as Element;
  const btn = t.closest && t.closest('button,[type=button],[type=submit],[role=button]');
  if (!btn) return;
  const form = btn.closest('form');
  if (form) {
    // A submit button's own submit event decides (capture.ts); a plain button is a step, or a final action
    // whose handler posts with fetch.
    if ((btn as HTMLButtonElement).type != 'submit') says(FINAL, btn) && !says(NEXT, btn) ? captureForm(form) : keep(formKey(form), formFields(form, null));
    return;
  }
  if (!formless) return;
  // The flow's container: the nearest element around the button that holds a control, at most 4 levels up (a
  // "Contact" button in the header is not the final action of a footer's newsletter box). A search box is no lead.
  // No form is around (see above), so no control can shadow box.querySelector: only forms expose controls as properties.
  let box: Element | null | false = btn;
  for (let i = 0; (box = i++ < 4 && box.parentElement) && !box.querySelector('input,select,textarea'); );
  if (!box || box.closest('[role=search]') || box.querySelector('[type=search]')) return;
  const key = formKey(box, 'flow');
  if (says(NEXT, btn)) keep(key, formFields(box, btn));
  else if (says(FINAL, btn)) record(formFields(box, btn), { key }, source, true);
}
