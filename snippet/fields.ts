// Which fields are sent, with their labels; what is never sent, and why.
import { LIMITS } from '../common/limits';
import { HONEYPOT, SENSITIVE, isCardNumber } from '../common/sensitive';
import type { CaptureInput } from '../worker/ingest/capture';

export type Field = CaptureInput['fields'][number];
/** Fields, and whether a honeypot among them was filled. */
export type Fields = Field[] & { bot?: boolean };
type Control = HTMLInputElement & { labels: NodeListOf<HTMLLabelElement> | null };

const CONTROLS = 'input,select,textarea,button,script,style';

/** The nearest text before the control that belongs to no other control: the label of forms that write
 * labels as plain text beside the field (<dt>Email:</dt><dd><input></dd>, a <label> without `for`). */
function textBefore(el: Element): string | undefined {
  // Up to three levels, never past the form.
  for (let n: Element | null = el, i = 0; n && i < 3 && n.tagName != 'FORM'; n = n.parentElement, i++) {
    const p = n.previousElementSibling;
    if (p && !p.matches(CONTROLS) && !p.querySelector(CONTROLS) && p.textContent!.trim()) return p.textContent!;
  }
}

/** The visible label: label[for] or a wrapping label, aria-label, aria-labelledby, placeholder, then the text
 * before the field. Sent as the page has it: the worker folds its white space and clips it (worker/ingest/capture.ts). */
function labelOf(el: Control): string | undefined {
  const ids = el.getAttribute('aria-labelledby');
  return (
    ((el.labels || [])[0] || ({} as Node)).textContent ||
    el.getAttribute('aria-label') ||
    (ids &&
      ids
        .split(' ')
        .map((id) => (document.getElementById(id) || ({} as Node)).textContent)
        .join(' ')) ||
    el.placeholder ||
    textBefore(el)
  );
}

/** Adds one field unless it must stay in the browser. A filled honeypot is not data: it marks a bot. */
export function add(out: Fields, name: string, value: unknown, el?: Control | null, exclude?: string): void {
  value = value == null ? '' : '' + value;
  if (!value || out.length >= LIMITS.fields) return; // an empty field tells nothing
  if (HONEYPOT.test(name)) return void (out.bot = true);
  const f: Field = { name: name.slice(0, LIMITS.fieldName), value: (value as string).slice(0, LIMITS.fieldValue) };
  if (el) {
    // data-pb-ignore and data-exclude work on the field, or on any element around it (the form itself too).
    if (el.type == 'password' || el.closest('[data-pb-ignore]') || (exclude && el.closest(exclude))) return;
    f.type = el.type;
    f.autocomplete = el.getAttribute('autocomplete') || undefined;
    f.label = labelOf(el);
  }
  if (!SENSITIVE.test([name, f.autocomplete, el && el.id, f.label].join(' ')) && !isCardNumber(f.value)) out.push(f);
}

/** The form's fields as the browser would submit them (FormData, with the submitter), minus the above;
 * then the controls with an id but no name, which FormData skips and script-driven forms are full of. */
export function formFields(form: HTMLFormElement, submitter: HTMLElement | null, exclude?: string): Fields {
  let data: FormData;
  try {
    // Browsers before 2023 ignore the submitter argument (an extra argument, per WebIDL).
    data = new FormData(form, submitter);
  } catch {
    // A "submitter" that is no submit button of this form (a synthetic SubmitEvent; happy-dom's requestSubmit()).
    data = new FormData(form);
  }
  const out: Fields = [];
  data.forEach((value, name) => {
    // Files are never sent; a radio group or repeated name answers with a list: its first control speaks for it.
    const el = form.elements.namedItem(name) as (Control & RadioNodeList) | null;
    if (typeof value == 'string') add(out, name, value, el && (el.tagName ? el : (el[0] as Control)), exclude);
  });
  for (const el of form.elements as unknown as Control[]) {
    if (!el.name && el.id && !/sub|but|res|file|ima/.test(el.type) && (!/che|rad/.test(el.type) || el.checked)) add(out, el.id, el.value, el, exclude);
  }
  return out;
}
