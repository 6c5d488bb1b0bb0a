// Which fields are sent, with their labels; what is never sent, and why.
import type { CaptureInput } from '../worker/capture';

export type Field = CaptureInput['fields'][number];
/** Fields, and whether a honeypot among them was filled. */
export type Fields = Field[] & { bot?: boolean };
type Control = HTMLInputElement & { labels: NodeListOf<HTMLLabelElement> | null };

/** Names, ids, labels and autocomplete tokens of data that stays in the browser: passwords, payment cards
 * (cc-*, number, CVC/CVV, expiry, in several languages), government ids, bank numbers, PINs, one-time codes,
 * and anti-forgery or captcha tokens (ASP.NET's __VIEWSTATE and friends start with "__"). */
const SENSITIVE =
  /pass|pwd|card|cc-|cv[cv]|\bcsc|secur|expir|\bexp\b|(^|[^a-z])ssn|social.?sec|(national|tax).?id|iban|\bpin\b|\botp|one-time|srf|nonce|token|^__|captcha|turnstile|kart[eu]|tarjeta|cart[aã]o|\bcarta\b|カード|卡/i;
/** Spam traps: Formspree's _gotcha, Netlify's bot-field, Mailchimp's b_<u>_<id>. No end anchor: pages write
 * <input name=bot-field/>, which names the field "bot-field/". */
const HONEYPOT = /^(_gotcha|bot-field|b_\w+_\w+)/;

/** A 13-19 digit number passing the Luhn check: a payment card, whatever its field is called. */
export function isCardNumber(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '');
  let sum = 0;
  for (let i = digits.length; i--; ) {
    // Every second digit from the right is doubled.
    const d = +digits[i]! * (2 - ((digits.length - i) % 2));
    sum += d > 9 ? d - 9 : d;
  }
  return /^\d{13,19}$/.test(digits) && sum % 10 == 0;
}

/** The nearest text before the control that belongs to no other control: the label of forms that write
 * labels as plain text beside the field (<dt>Email:</dt><dd><input></dd>, a <label> without `for`). */
const CONTROLS = 'input,select,textarea,button,script,style';

function textBefore(el: Element): string | null | undefined {
  // Up to three levels, never past the form.
  for (let n: Element | null = el, i = 0; n && i < 3 && n.tagName != 'FORM'; n = n.parentElement, i++) {
    const p = n.previousElementSibling;
    if (p && !p.matches(CONTROLS) && !p.querySelector(CONTROLS) && p.textContent!.trim()) return p.textContent;
  }
}

/** The visible label: label[for] or a wrapping label, aria-label, aria-labelledby, placeholder, then the text
 * before the field. Sent as the page has it: the worker folds its white space and clips it (worker/capture.ts). */
export function labelOf(el: Control): string | undefined {
  const ids = el.getAttribute('aria-labelledby');
  return (
    ((el.labels || [])[0] || ({} as Node)).textContent ||
    el.getAttribute('aria-label') ||
    (ids && ids.split(' ').map((id) => (document.getElementById(id) || ({} as Node)).textContent).join(' ')) ||
    el.placeholder ||
    textBefore(el) ||
    undefined
  );
}

/** Adds one field unless it must stay in the browser. A filled honeypot is not data: it marks a bot. */
export function add(out: Fields, name: string, value: unknown, el?: Control | null, exclude?: string): void {
  value = value == null ? '' : '' + value;
  if (!value || out.length > 99) return; // an empty field tells nothing; 100 fields at most
  if (HONEYPOT.test(name)) return void (out.bot = true);
  const f: Field = { name: name.slice(0, 200), value: (value as string).slice(0, 4000) };
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
    data = new FormData(form, submitter);
  } catch {
    data = new FormData(form); // browsers before 2023 take no submitter
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
