// What never leaves the visitor's browser, defined once: the snippet applies it before sending, and the
// worker applies it again to forms posted straight to it (POST /v1/form), where no snippet ran.

/** Names, ids, labels and autocomplete tokens of data that stays private, by rule (each one has a table of labels
 * in 8+ languages in test/snippet/never-sent.test.ts, run against both builds and POST /v1/form). Aligned with
 * Chromium's autofill field-type regexes (components/autofill/core/common/autofill_regex_constants.h: card number,
 * CVC, expiry, IBAN; password_manager's one-time password), narrowed where theirs would lose leads (bare
 * "numero", "fecha", "secur" would take phone numbers, dates and "Security team size"), widened where they stop:
 * - passwords, PINs and their hints, in every label language, and Korean: pass (password, Passwort, mot de
 *   passe, passcode), pwd, Kennwort, wachtwoord, senha (not resenha), contraseña, parola d'ordine, kata sandi, пароль,
 *   पासवर्ड, パスワード, 暗証番号, 密码/密碼, 암호, 비밀번호; PIN
 * - passports: paspo(o)rt, pasaporte, паспорт, パスポート, 护照
 * - payment cards: card, cc-, Karte, tarjeta, cartão, carte, カード, 卡, карт; CVC: cvv, cvc, cvn, csc, cid
 * - expiry: expir, exp, Ablauf, gültig, caducidad, vencimiento, validade, scadenza, vervaldatum, 有効期限
 * - one-time codes: one-time, OTP, TOTP, 2FA, MFA, two-factor, SMS / auth / verification codes, 認証, 验证码
 * - national and tax ids: SSN, social security, SIN, NINO, national id, tax id, TIN, CPF, CURP, DNI, NIE, NIF,
 *   Steuer-ID, BSN, codice fiscale, PESEL, Aadhaar, マイナンバー, 身份证, ИНН, СНИЛС, NIK/KTP, ID card (Ausweis)
 * - driving licences: driver, Führerschein, permis de conduire, licencia de conducir, motorista, CNH, patente,
 *   rijbew, 免許, 驾驶, водительск, ड्राइविंग
 * - bank: IBAN, BIC, SWIFT, routing, sort code, ABA, account number, bank/banca, Konto, rekening, 口座, 账户, счёт
 * - security questions and codes: security question/answer/code/number, Sicherheitsfrage, question de sécurité,
 *   beveiligingsvraag, 秘密の質問, 安全问题, секретный / контрольный вопрос, सुरक्षा, keamanan; PIN
 * - anti-forgery and captcha tokens (ASP.NET's __VIEWSTATE and friends start with "__"). Cloudflare Turnstile's
 *   cf-turnstile-response is not among them: it goes to the worker, which checks it and keeps it out of the log.
 * Read the list above, by kind; the rule's own order is for gzip: an alternation's order changes no match (the rule is
 * only .test()ed), and this one, found by search over the built snippet, packs 70 B smaller than by language (searched
 * again by the gzip CLI with snippet/fields.ts's word lists and the group inside: 34 B more, all five together). Its
 * whole words share one \b(…)\b group (6 B less than a \b…\b each: the same matches). The words of non-Latin scripts
 * are a second list, kept apart in the same order. */
export const SENSITIVE_LATIN =
  /aadha|ban[ck]|\bcsc|rijbew|pasa?po|wachtw|parola.d.o|einmal[cpk]|\bcart[aeã]|\b(cnh|sin|nino|exp|curp|cid|ktp|cpf|bic|dni|pin|nif|bsn|nik|aba|tin|nie)\b|v[eé]rifi[ckz]|expir|one.?time|fiscal|pwd|kennw|patente|steuer|vencim|beveiligings[vc]|\bt?otp|card|national.?(id|ins)|tax.?(id|num)|captcha|contrase|secur\w*.?(qu|cod|num|val|ans)|tigungscode|srf|sort.?code|swift|ablauf|social.?sec|hrerschein|acc(oun)?t.?(no|num|#)|tarjeta|ka?art|^__|iban|caduc|driv|(auth|sms)\w*.?c[oó]d|rekening|pass|token|(^|[^e])senha|cv[cvn]|(^|[^a-z])ssn|routing|pesel|verval|ausweis|g.e?ltig|validade|motorista|kata.?sandi|condu[ci]|sicherheits[fca]|scaden|(2|two).?fa|konto|nonce|mfa|keamanan|cc-|(qu|preg|perg|dom|c.d|r.p|resp|risp)\w* d\S* s.[cg]ur/i;
/** The same rule's words in Cyrillic, Devanagari, Japanese, Chinese and Korean: the snippet loads them (/words.js) only on
 * pages that show text in those scripts (snippet/fields.ts). */
export const SENSITIVE_SCRIPTS =
  /비밀|карт|код подтв|парол|паспорт|контрол|водител|инн|срок д|секрет|безопас|сч.т|ओटीपी|पास[पव]|खाता|सत्याप|ड्राइव|आधार|カード|マイナ|セキュ|パス[ポワ]|ワンタ|駕|암호|सुरक्षा|有[効效]期|旅券|免許|認証|密[保码碼]|驾驶|確認コ|暗証|安全[问問码碼]|账[户号]|秘密の|[护護]照|[验驗校]证?[码碼]|身份|帳戶|снилс|卡|口座/i;
/** A word rule from its Latin-script list and its list in other scripts: the worker's never-sent rule, and each of the
 * snippet's rules once /words.js is there. */
export const everyScript = (latin: RegExp, scripts: RegExp) => RegExp(latin.source + '|' + scripts.source, 'i');

/** Spam traps: Formspree's _gotcha, Netlify's bot-field, Mailchimp's b_<u>_<id>. No end anchor: pages write
 * <input name=bot-field/>, which names the field "bot-field/". */
export const HONEYPOT = /^(_gotcha|bot-field|b_\w+_\w+)/;

/** A 13-19 digit number passing the Luhn check: a payment card, whatever its field is called. */
export function isCardNumber(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '');
  let sum = 0;
  // Every second digit from the right is doubled: m runs 1, 2, 1, 2, … from the last digit.
  for (let i = digits.length, m = 1; i--; m = 3 - m) {
    const d = +digits[i]! * m;
    sum += d > 9 ? d - 9 : d;
  }
  return /^\d{13,19}$/.test(digits) && sum % 10 == 0;
}
