// Works out who the prospect is (e-mail, E.164 phone, name, LinkedIn URL, prospect id) from a form's fields.
import * as v from 'valibot';
import { parsePhoneNumberFromString, isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import type { CaptureField } from './capture';
import { PROSPECT_ID } from '../delivery/architect';
import { declaredRole, fieldRole, type Role } from './field-roles';

export interface Identity {
  email?: string;
  phoneNumber?: string;
  name?: string;
  linkedinProfileUrl?: string;
  prospectId?: string;
}

const EmailSchema = v.pipe(v.string(), v.email());
/** linkedin.com/in/<slug> anywhere in a value, with or without scheme and country subdomain. */
const LINKEDIN = /(?:https?:\/\/)?(?:[a-z]{2,3}\.)?linkedin\.com\/in\/([^\s/?#"'<>]{3,100})/i;
/** Contract limit for `name` (1-255). */
const NAME_MAX = 255;

export function normalizeEmail(raw: string): string | undefined {
  const value = raw.trim();
  if (!v.is(EmailSchema, value)) return undefined;
  const at = value.lastIndexOf('@');
  return `${value.slice(0, at)}@${value.slice(at + 1).toLowerCase()}`;
}

export function normalizeLinkedIn(raw: string): string | undefined {
  const m = LINKEDIN.exec(raw);
  if (!m) return undefined;
  let slug = m[1]!;
  try {
    slug = decodeURIComponent(slug);
  } catch {
    // keep the slug as written when its escapes are broken
  }
  slug = slug.trim();
  if (!/^[\p{L}\p{N}_-]+$/u.test(slug)) return undefined;
  return `https://www.linkedin.com/in/${encodeURIComponent(slug.toLowerCase())}`;
}

function region(code: string | undefined): CountryCode | undefined {
  const upper = code?.trim().toUpperCase();
  return upper && isSupportedCountry(upper) ? upper : undefined;
}

/** E.164, or undefined when the number is not a valid one for its region. */
export function normalizePhone(raw: string, defaultRegion?: string): string | undefined {
  const value = raw.trim();
  // Chrome and users write 00 for +; libphonenumber needs the plus to read an international number.
  const withPlus = value.startsWith('00') ? `+${value.slice(2)}` : value;
  const phone = parsePhoneNumberFromString(withPlus, { defaultCountry: region(defaultRegion), extract: false });
  return phone?.isValid() ? phone.number : undefined;
}

/** Trims, folds inner white space, caps at the contract's 255 without cutting a surrogate pair. */
export function normalizeName(raw: string): string | undefined {
  const folded = raw.replace(/\s+/gu, ' ').trim();
  if (!folded) return undefined;
  if (folded.length <= NAME_MAX) return folded;
  let cut = folded.slice(0, NAME_MAX);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut.trimEnd();
}

interface Classified {
  field: CaptureField;
  role: Role;
  declared: boolean;
}

/** Roles that answer the same question: one declared (data-pb-role) member silences the guessed ones. */
const GROUPS: Role[][] = [['email'], ['phone', 'phone-part'], ['name', 'name?', 'given', 'middle', 'family'], ['linkedin'], ['prospect-id']];

/** data-pb-role wins over every heuristic: where a field with a value declares a role, fields that were only guessed
 * to hold that kind of value stop counting for it (a declared field left empty silences nothing, so the lead is
 * never lost to markup). */
function silenceGuesses(items: Classified[]): void {
  for (const group of GROUPS) {
    if (!items.some((i) => i.declared && group.includes(i.role) && i.field.value.trim())) continue;
    for (const item of items) if (!item.declared && group.includes(item.role)) item.role = 'other';
  }
}

/** Turns a bare "name" into given or family name when the form has the other half. */
function resolveAmbiguousNames(items: Classified[]): void {
  const has = (r: Role) => items.some((i) => i.role === r);
  const target: Role = has('family') && !has('given') ? 'given' : has('given') && !has('family') ? 'family' : 'name';
  for (const item of items) if (item.role === 'name?') item.role = target;
}

function firstDefined<T>(items: Classified[], role: Role, pick: (value: string) => T | undefined): T | undefined {
  for (const item of items) {
    if (item.role !== role) continue;
    const out = pick(item.field.value);
    if (out !== undefined) return out;
  }
  return undefined;
}

/** Split phone inputs (area code + prefix + line, each its own box): each run of adjacent phone
 * fields holding only digits is joined in form order; the first run that makes a valid number wins. */
function joinedPhone(items: Classified[], defaultRegion?: string): string | undefined {
  const runs: string[][] = [[]];
  for (const { role, field } of items) {
    const digits = field.value.replace(/[\s().-]/g, '');
    if ((role === 'phone' || role === 'phone-part') && /^\+?\d{1,8}$/.test(digits)) runs[runs.length - 1]!.push(digits);
    else if (runs[runs.length - 1]!.length) runs.push([]);
  }
  for (const run of runs) {
    if (run.length < 2) continue;
    const phone = normalizePhone(run.join(''), defaultRegion);
    if (phone) return phone;
  }
  return undefined;
}

/** Every distinct value of a role, in form order ("Primer apellido" + "Segundo apellido"). */
function allDistinct(items: Classified[], role: Role): string | undefined {
  const values: string[] = [];
  for (const item of items) {
    const value = item.role === role ? normalizeName(item.field.value) : undefined;
    if (value && !values.includes(value)) values.push(value);
  }
  return values.length ? values.join(' ') : undefined;
}

export interface IdentityContext {
  /** The visitor's country as Cloudflare saw it (request.cf.country). */
  cfCountry?: string;
  /** The DEFAULT_PHONE_REGION var. */
  defaultRegion?: string;
}

export function extractIdentity(fields: readonly CaptureField[], ctx: IdentityContext = {}): Identity {
  const items: Classified[] = fields.map((field) => ({ field, role: fieldRole(field), declared: declaredRole(field) !== undefined }));
  silenceGuesses(items);
  resolveAmbiguousNames(items);

  const formCountry = firstDefined(items, 'country', (value) => region(value));
  const phoneRegion = formCountry ?? region(ctx.cfCountry) ?? region(ctx.defaultRegion);

  const id: Identity = {};
  id.email = firstDefined(items, 'email', normalizeEmail);
  // A value that is nothing but an e-mail address, in a field we could not name, still identifies.
  id.email ??= items.map((i) => (i.role === 'other' || i.role === 'unknown' ? normalizeEmail(i.field.value) : undefined)).find(Boolean);

  id.phoneNumber = firstDefined(items, 'phone', (value) => normalizePhone(value, phoneRegion)) ?? joinedPhone(items, phoneRegion);

  // The person's name is the first name block in the form: a later full name is usually a card
  // holder or a recipient ("名前（フルネーム）" under the card fields), not the visitor.
  const full = firstDefined(items, 'name', normalizeName);
  const parts = [firstDefined(items, 'given', normalizeName), firstDefined(items, 'middle', normalizeName), allDistinct(items, 'family')].filter(
    (p): p is string => p !== undefined,
  );
  const joined = parts.length ? normalizeName(parts.join(' ')) : undefined;
  const firstIndex = (roles: Role[]) => items.findIndex((i) => roles.includes(i.role) && normalizeName(i.field.value));
  id.name = full && joined ? (firstIndex(['name']) < firstIndex(['given', 'middle', 'family']) ? full : joined) : (full ?? joined);

  id.linkedinProfileUrl = firstDefined(items, 'linkedin', normalizeLinkedIn) ?? items.map((i) => normalizeLinkedIn(i.field.value)).find(Boolean);

  const prospectId = (value: string) => (PROSPECT_ID.test(value.trim()) ? value.trim() : undefined);
  id.prospectId = firstDefined(items, 'prospect-id', prospectId) ?? items.map((i) => prospectId(i.field.value)).find(Boolean);

  for (const key of Object.keys(id) as (keyof Identity)[]) if (id[key] === undefined) delete id[key];
  return id;
}

/** True when Architect can tell whose log this is: a name alone is not enough. */
export function hasIdentity(id: Identity): boolean {
  return Boolean(id.email || id.phoneNumber || id.linkedinProfileUrl || id.prospectId);
}
