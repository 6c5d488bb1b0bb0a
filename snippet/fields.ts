// Which fields are sent, with their labels and keys; what is never sent, and why; login forms, which are no lead.
import { LIMITS } from '../common/limits';
import { addScript, exclude } from './config';
// keys before the never-sent rule: the build then puts that rule right before this module's word lists (5 B gzip).
import { P, attr } from './keys';
import { isPlumbing } from '../common/plumbing';
import { HONEYPOT, SENSITIVE_LATIN, everyScript, isCardNumber } from '../common/sensitive';
import type { CaptureInput } from '../worker/ingest/capture';

export type Field = CaptureInput['fields'][number];
/** Fields, and whether a honeypot among them was filled. */
export type Fields = Field[] & { bot?: boolean };
type Control = HTMLInputElement & { labels: NodeListOf<HTMLLabelElement> | null };

const CONTROLS = 'input,select,textarea,button';
/** What is no label text: controls, and the page's scripts and styles. */
const NOT_TEXT = CONTROLS + ',script,style';
/** Sign-up and sign-in words (the worker's label languages). A form with a password field is a login, not a lead,
 * when it reads as sign-in (autocomplete="current-password", or its button's words) and not as a sign-up
 * (autocomplete="new-password", two password fields, or the button's words). The button, not the form's text:
 * login forms often link to "Sign up", sign-up forms to "Sign in". Words in the order gzip packs smallest (7 B). */
const SIGN_IN = /sign.?in|accedi|conne[cx]|entrar|iniciar|inlog|anmeld|log.?in|einlog|masuk/i;
const SIGN_UP = /sign.?up|regist|cadastr|inscri|iscriv|daftar|criar|crea[rt]|erstell/i;

/** Text in Cyrillic, Devanagari, kana, CJK or Hangul: the scripts whose words (~750 B gzip, more than the Latin-script
 * lists above) live in /words.js, a second file the snippet loads only on a page that shows such text (snippet/words.ts). */
const SCRIPTS = /[\u0400-\u04ff\u0900-\u097f\u3040-\ud7af]/;
/** The word rules, by index: never sent, sign-in, step, sign-up, final action. Latin-script words until /words.js
 * widens each with its words in those scripts; the step and final-action rules (2 and 4) hold only those, since their
 * Latin-script words come with /flows.js (snippet/flows.ts), the only reader of both. */
let rules = [SENSITIVE_LATIN, SIGN_IN, /$^/, SIGN_UP, /$^/];
const NEVER = 0;
const LOGIN = 1;
const JOIN = 3;
export type Widen = (words: RegExp[]) => void;
let widened: unknown;
let asked: unknown;
/** What runs once /words.js is there: the captures and wizard steps whose fields wait for it (send.ts, flows.ts). */
export const arrived: (() => unknown)[] = [];
/** Fields named or labelled in those scripts before /words.js arrived, with the text the never-sent rule reads: they keep
 * their place among the fields, but nothing that holds one is sent or stored until `waits` has decided it. */
const pending = new WeakMap<Field, string>();

/** Loads /words.js, once, when `text` is written in those scripts: from the page's title and forms once it is idle,
 * the first focus (capture.ts), and every label or button read. */
export const need = (text: string) => {
  if (!asked && SCRIPTS.test(text)) {
    asked = 1;
    // Handed over on the site's prospectBeacon; a site that removed it never gets them, and such text keeps failing closed.
    ((window as unknown as { prospectBeacon?: { _w?: Widen } }).prospectBeacon || {})._w = (lists) => {
      rules = rules.map((r, i) => everyScript(r, lists[i]!));
      widened = 1;
      // Each on its own: one that fails (a page's broken fetch) must not cost the others.
      arrived.splice(0).forEach((f) => {
        try {
          f();
        } catch {
          // swallowed, as the snippet's guard would
        }
      });
    };
    addScript('words.js');
  }
};

/** Whether `text` reads as rule i's words. Until /words.js is there (a click within milliseconds of load or of the
 * first focus, or the file blocked), text in those scripts fails closed: it counts as a sign-in and a step, and never as
 * a sign-up or a final action, so nothing leaves that the full lists would keep back. (A field's label waits instead: add.) */
export const reads = (i: number, text: string): boolean => rules[i]!.test(text) || (!widened && SCRIPTS.test(text) && (need(text), i < 3));

/** The nearest text before the control that belongs to no other control: the label of forms that write
 * labels as plain text beside the field (<dt>Email:</dt><dd><input></dd>, a <label> without `for`). */
function textBefore(el: Element): string | undefined {
  // Up to three levels, never past the form.
  for (let n: Element | null = el, i = 0; n && i < 3 && n.tagName != 'FORM'; n = n.parentElement, i++) {
    const p = n.previousElementSibling;
    if (p && !p.matches(NOT_TEXT) && !p.querySelector(NOT_TEXT) && p.textContent!.trim()) return p.textContent!;
  }
}

/** The visible label: label[for] or a wrapping label, aria-label, aria-labelledby, placeholder, then the text
 * before the field; headed by its fieldset's legend ("Name — First"), so a sub-labelled part says what it is part of
 * (the worker reads the separator: worker/ingest/field-roles.ts). Sent as the page has it: the worker folds its
 * white space and clips it (worker/ingest/capture.ts). */
function labelOf(el: Control): string | undefined {
  const ids = attr(el, 'aria-labelledby');
  const l =
    ((el.labels || [])[0] || ({} as Node)).textContent ||
    attr(el, 'aria-label') ||
    (ids &&
      ids
        .split(' ')
        .map((id) => (document.getElementById(id) || ({} as Node)).textContent)
        .join(' ')) ||
    el.placeholder ||
    textBefore(el);
  // No fieldset: the control itself, which holds no legend.
  const g = ((el.closest('fieldset') || el).querySelector('legend') || ({} as Node)).textContent;
  // Not twice when the legend is the label already (aria-labelledby, or the text before the field).
  return g && g != l ? g + (l ? ' — ' + l : '') : l;
}

/** A button's words: its text, or an <input type=submit>'s value. */
export const words = (el: Element) => (el as Control).value || el.textContent || '';

/** Adds one field unless it must stay in the browser. A filled honeypot is not data: it marks a bot. `at`: the
 * control's position, which keys a control with neither name nor id when it has no label either. */
export function add(out: Fields, name: string, value: unknown, el?: Control | null, at?: number): void {
  value = value == null ? '' : '' + value;
  if (!value || out.length >= LIMITS.fields) return; // an empty field tells nothing
  if (HONEYPOT.test(name)) return void (out.bot = true);
  // A framework's own fields (nonces, state, HubSpot's tracking cookie) are no lead data: common/plumbing.ts.
  if (isPlumbing(name, value as string, el ? el.type : '')) return;
  const f = { value: (value as string).slice(0, LIMITS.fieldValue) } as Field;
  if (el) {
    // data-pb-ignore and data-exclude work on the field, or on any element around it (the form itself too).
    if (el.type == 'password' || el.closest('[data-pb-ignore]') || (exclude && el.closest(exclude))) return;
    f.type = el.type;
    f.autocomplete = attr(el, 'autocomplete');
    f.role = attr(el, 'data-pb-role');
    // Clipped here: a 1 MB label must cost neither the size fit nor the fields after it.
    const l = labelOf(el);
    f.label = l && l.slice(0, LIMITS.text);
    // A control with neither name nor id (Vue's v-model forms): its label, slugged, else its position.
    name =
      name ||
      (f.label || '')
        .slice(0, 60)
        .toLowerCase()
        .replace(/[^\w\x80-\uffff]+/g, '-')
        .replace(/^-|-$/g, '') ||
      'field-' + at;
  }
  f.name = name.slice(0, LIMITS.fieldName);
  // The field's own label, not its fieldset's legend: a legend such as "Book a test drive" or "Passenger details"
  // heads the e-mail and name too, and must not keep the whole lead in the browser.
  const text = [name, f.autocomplete, el && el.id, (f.label || '').split(' — ').pop()].join(' ');
  if (isCardNumber(f.value) || rules[NEVER]!.test(text)) return;
  // Text in the scripts of /words.js before it is there: the field waits, in its place, for the never-sent rule's words
  // in those scripts.
  widened || !SCRIPTS.test(text) || (need(text), pending.set(f, text));
  out.push(f);
}

/** Whether a field is decided: not waiting for /words.js. */
export const decided = (f: Field) => !pending.has(f);

/** Decides the fields that wait for /words.js: once it is there, by the whole never-sent rule; before, with `now` (the
 * page is being left, or a navigation follows), they all stay in the browser. Truthy while some still wait: then nothing
 * holding them may be sent or stored yet. */
export function waits(fields: Field[], now?: unknown): unknown {
  let left: unknown;
  for (let i = fields.length; i--; ) {
    const text = pending.get(fields[i]!);
    if (!text) continue; // not pending (a pending text is never empty: four parts joined by spaces)
    if (widened ? rules[NEVER]!.test(text) : now) fields.splice(i, 1);
    else if (widened) pending.delete(fields[i]!);
    else left = 1;
  }
  return left;
}

/** The fields of a form as the browser would submit them (FormData, with the submitter), then the controls
 * FormData skips (no name: script-driven forms are full of them); of a formless flow's container, every control.
 * Nothing for a login form. Methods come from Element.prototype: controls named like them change nothing. */
export function formFields(root: Element, submitter: Element | null): Fields {
  const out: Fields = [];
  const els = P.querySelectorAll.call(root, CONTROLS) as unknown as Control[];
  const byName: { [name: string]: Control } = {};
  let pw = 0;
  let ac: string | undefined;
  for (const el of els) {
    byName[el.name] = byName[el.name] || el;
    if (el.type == 'password') {
      pw++;
      ac = attr(el, 'autocomplete');
    }
  }
  // Two password fields are a sign-up: only a form with one can be a login, and `ac` is that one's autocomplete.
  if (pw == 1) {
    const text = submitter ? words(submitter) : root.textContent!;
    if (ac != 'new-password' && !reads(JOIN, text) && (ac == 'current-password' || reads(LOGIN, text))) return out;
  }
  const isForm = root instanceof HTMLFormElement;
  if (isForm) {
    let data: FormData;
    try {
      // Browsers before 2023 ignore the submitter argument (an extra argument, per WebIDL).
      data = new FormData(root, submitter as HTMLElement);
    } catch {
      // A "submitter" that is no submit button of this form (a synthetic SubmitEvent; happy-dom's requestSubmit()).
      data = new FormData(root);
    }
    // Files are never sent; a radio group or repeated name answers with a list: its first control speaks for it.
    // A value whose control is not inside the form (form="…" from elsewhere) is not vetted, so not sent.
    data.forEach((value, name) => typeof value == 'string' && byName[name] && add(out, name, value, byName[name]));
  }
  // In a form, the controls FormData skipped; in a formless flow, those of no form (a form's values go with its submit).
  els.forEach((el, i) => {
    if ((isForm ? !el.name : !el.form) && !/sub|but|res|file|ima/.test(el.type) && (!/che|rad/.test(el.type) || el.checked))
      add(out, el.name || el.id, el.value, el, i);
  });
  return out;
}
