// Names what a form field holds (e-mail, phone, a part of a name, ...) from its autocomplete, type,
// name and label, in English, German, French, Spanish, Portuguese, Italian, Dutch, Japanese and more.
import type { CaptureField } from './capture';

export type Role =
  | 'email'
  | 'phone'
  | 'phone-part'
  | 'name'
  | 'name?'
  | 'given'
  | 'middle'
  | 'family'
  | 'country'
  | 'linkedin'
  | 'prospect-id'
  | 'hidden'
  | 'other'
  | 'unknown';

/** WHATWG autocomplete field names (html.spec.whatwg.org, "Autofill") that decide a role on their own. */
const AUTOCOMPLETE: Record<string, Role> = {
  email: 'email',
  tel: 'phone',
  'tel-national': 'phone',
  'tel-country-code': 'phone-part',
  'tel-area-code': 'phone-part',
  'tel-local': 'phone-part',
  'tel-local-prefix': 'phone-part',
  'tel-local-suffix': 'phone-part',
  'tel-extension': 'other',
  name: 'name',
  'given-name': 'given',
  'additional-name': 'middle',
  'family-name': 'family',
  country: 'country',
  'country-name': 'country',
  'honorific-prefix': 'other',
  'honorific-suffix': 'other',
  nickname: 'other',
  organization: 'other',
  'organization-title': 'other',
  username: 'other',
};

// Checked in this order on the normalised name, then the label. Earlier rules win: "company name"
// is not a name, "姓名" is a full name before "姓" is a family name, "Nombre de tarjeta" is card data.
const RULES: [Role | 'phone-ext', RegExp][] = [
  ['linkedin', /linked ?in/],
  [
    'other',
    /\b(company|organi[sz]ation|business|firma|firmen\w*|empresa|entreprise|societe|azienda|ragione sociale|bedrijf\w*|perusahaan|user ?name|login|nick ?name|cc|card|karte\w*|karten\w*|tarjeta|carta|cartao|kartu|holder|inhaber|titular|titolare|subject|message|comments?|website|url|gotcha|bot field|honeypot|captcha)\b|会社|公司|компани|карт|カード|卡/,
  ],
  ['email', /\be ?mail|\bmail\b|correo|courriel|reply ?to|\be post\b|posta elettronica|メール|邮箱|郵件|邮件|电子邮|電子郵|ईमेल|почт/],
  ['phone-ext', /\b(ext|extension|durchwahl|poste)\b/],
  ['phone-part', /country code|dial code|calling code|area ?code|city code|vorwahl|indicatif|\bddd\b|\bddi\b|\blada\b/],
  [
    'phone',
    /phone|\btel\b|telefon|telephone|telefono|telefoon|telepon|\bmobile?\b|\bmobil|\bcell|handy|celular|movil|cellulare|portable|\bgsm\b|whatsapp|\bfone\b|\bph\b|電話|电话|手机|携帯|телефон|мобильн|फ़ोन|फोन|मोबाइल|ponsel/,
  ],
  ['country', /\b(country|land|pais|pays|paese|nation)\b|国家|国籍|страна|देश|negara/],
  [
    'name',
    /full ?name|your name|complete name|nom complet|nombre completo|nome completo|vollstandiger name|volledige naam|nama lengkap|nama penerima|recipient|氏名|お名前|名前|姓名|フルネーム|полное имя/,
  ],
  ['middle', /middle|additional name|second name|mittelname|segundo nombre|\bmname\b/],
  [
    'family',
    /last ?name|lastname|surname|family|\blname\b|\bln\b|nachname|familienname|apellido|sobrenome|cognome|achternaam|nom de famille|nama belakang|фамили|उपनाम|^姓|苗字/,
  ],
  ['given', /first ?name|firstname|\bfname\b|\bfn\b|given|forename|vorname|prenom|voornaam|nama depan|имя|^名/],
  ['name?', /\b(name|nombre|nome|nom|naam|nama)\b|नाम/],
];

/** Lower case, Latin accents folded, camelCase and punctuation split into words, CJK runs closed up. */
export function normalizeText(raw: string): string {
  return raw
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s_\-.:;,*()[\]{}'"/\\|#?!]+/g, ' ')
    .replace(/(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])/g, '')
    .trim();
}

function textRole(raw: string | undefined): Role | 'phone-ext' | undefined {
  if (!raw) return undefined;
  const text = normalizeText(raw);
  if (!text) return undefined;
  for (const [role, re] of RULES) if (re.test(text)) return role;
  return undefined;
}

/** The snippet heads a field's label with its fieldset's legend, joined by this (snippet/fields.ts). */
export const LEGEND_SEPARATOR = ' — ';

/** A sub-label under a name legend ("Name — First", WPForms' and Gravity Forms' name fields) and the part of the
 * name it holds; a prefix or suffix ("Mr.", "Jr.") is no part of it. Checked on the normalised sub-label's start. */
const NAME_PARTS: [Role, RegExp][] = [
  ['given', /^(first|given|fore|vorname|prenom|nombre|nome|voornaam|nama depan|名|имя)/],
  ['middle', /^(middle|mittel|second|segundo)/],
  ['family', /^(last|family|surname|nachname|familienname|nom|apellido|sobrenome|cognome|achternaam|nama belakang|姓|фамили)/],
  ['other', /^(prefix|suffix|title|titel|anrede|civilite|tratamiento|saudacao|titolo)/],
];

/** The role a label gives. Under a legend: a name legend's sub-label names a part of the name; otherwise the
 * sub-label's own role, then the legend's ("Phone — Number"), so a legend never hides what its field says. */
function labelRole(raw: string | undefined): Role | 'phone-ext' | undefined {
  const at = raw?.lastIndexOf(LEGEND_SEPARATOR.trim()) ?? -1;
  if (!raw || at < 0) return textRole(raw);
  const legend = textRole(raw.slice(0, at));
  const subRaw = raw.slice(at + 1);
  if (legend === 'name' || legend === 'name?') {
    const sub = normalizeText(subRaw);
    for (const [role, re] of NAME_PARTS) if (re.test(sub)) return role;
  }
  const own = textRole(subRaw);
  return own && own !== 'name?' ? own : (legend ?? own);
}

function autocompleteRole(raw: string | undefined): Role | undefined {
  if (!raw) return undefined;
  for (const token of raw.toLowerCase().split(/\s+/)) {
    if (token.startsWith('cc-') || token === 'one-time-code' || token.endsWith('password')) return 'other';
    const role = AUTOCOMPLETE[token];
    if (role) return role;
  }
  return undefined;
}

/** data-pb-role values (the wire format's field.role) and the role each one means; any other value is ignored. */
const DECLARED: Record<string, Role> = {
  email: 'email',
  phone: 'phone',
  name: 'name',
  'given-name': 'given',
  'family-name': 'family',
  linkedin: 'linkedin',
  'prospect-id': 'prospect-id',
};

/** The role the page declared with data-pb-role, when it is one we know. */
export function declaredRole(field: CaptureField): Role | undefined {
  const role = field.role?.trim().toLowerCase();
  return role && Object.hasOwn(DECLARED, role) ? DECLARED[role] : undefined;
}

/** The role of one field. The name attribute is written by developers and beats a label, except
 * where the name only says "name" and the label says which part (name="name", label "Surname"). */
export function fieldRole(field: CaptureField): Role {
  // The site's own word beats every heuristic below, hidden type included (a hidden prospect id is the usual case).
  const declared = declaredRole(field);
  if (declared) return declared;
  const byAutocomplete = autocompleteRole(field.autocomplete);
  if (byAutocomplete) return byAutocomplete;
  const type = field.type?.toLowerCase();
  if (type === 'hidden') return 'hidden';
  if (type === 'password' || type === 'file') return 'other';

  const byName = textRole(field.name);
  const byLabel = labelRole(field.label);
  let role = byName && byName !== 'name?' ? byName : byLabel && byLabel !== 'name?' ? byLabel : (byName ?? byLabel);

  if (type === 'email') return 'email';
  if (type === 'tel') return role === 'phone-part' ? 'phone-part' : role === 'phone-ext' ? 'other' : 'phone';
  if (role === 'phone-ext') role = 'other';
  return role ?? 'unknown';
}
