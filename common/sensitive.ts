// What never leaves the visitor's browser, defined once: the snippet applies it before sending, and the
// worker applies it again to forms posted straight to it (POST /v1/form), where no snippet ran.

/** Names, ids, labels and autocomplete tokens of data that stays private: passwords, payment cards (cc-*,
 * number, CVC/CVV, expiry, in several languages), government ids, bank numbers, PINs, one-time codes, and
 * anti-forgery or captcha tokens (ASP.NET's __VIEWSTATE and friends start with "__"). Cloudflare Turnstile's
 * cf-turnstile-response is not among them: it goes to the worker, which checks it and keeps it out of the log. */
export const SENSITIVE =
  /pass|pwd|card|cc-|cv[cv]|\bcsc|secur|expir|\bexp\b|(^|[^a-z])ssn|social.?sec|(national|tax).?id|iban|\bpin\b|\botp|one-time|srf|nonce|token|^__|captcha|kart[eu]|tarjeta|cart[aã]o|\bcarta\b|カード|卡/i;

/** Spam traps: Formspree's _gotcha, Netlify's bot-field, Mailchimp's b_<u>_<id>. No end anchor: pages write
 * <input name=bot-field/>, which names the field "bot-field/". */
export const HONEYPOT = /^(_gotcha|bot-field|b_\w+_\w+)/;

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
