// Identity extraction: table-driven cases in eight languages, then every form of Chromium's corpus.
import { describe, expect, inject, it } from 'vitest';
import type { CaptureField } from '../../worker/ingest/capture';
import { extractIdentity, normalizeLinkedIn, normalizePhone } from '../../worker/ingest/identity';
import { fillForm } from '../corpus/fill';

const f = (name: string, value: string, extra: Partial<CaptureField> = {}): CaptureField => ({ name, value, ...extra });

describe('extractIdentity', () => {
  it.each([
    [
      'reads an e-mail by input type and lower-cases only its domain',
      [f('contact', ' Ana.Silva@Example.COM ', { type: 'email' })],
      { email: 'Ana.Silva@example.com' },
    ],
    [
      'reads an e-mail by autocomplete token with a section prefix',
      [f('x1', 'ana@example.com', { autocomplete: 'section-a work email' })],
      { email: 'ana@example.com' },
    ],
    ["reads Formspree's _replyto as the e-mail", [f('_replyto', 'ana@example.com')], { email: 'ana@example.com' }],
    [
      'skips an invalid e-mail and takes the next valid one',
      [f('email', 'not-an-email'), f('email2', 'ana@example.com', { label: 'Confirm e-mail' })],
      { email: 'ana@example.com' },
    ],
    ['finds an e-mail in an unnamed field by its shape', [f('field_7', 'ana@example.com')], { email: 'ana@example.com' }],
    [
      'does not take an e-mail from a hidden field',
      [f('notify', 'owner@example.com', { type: 'hidden' }), f('phone', '+14155550134')],
      { phoneNumber: '+14155550134' },
    ],
    [
      'reads a German label',
      [f('em', 'max@example.de', { label: 'E-Mail-Adresse:' }), f('ph', '030 1234567', { label: 'Telefonnummer:' })],
      { email: 'max@example.de', phoneNumber: '+49301234567' },
      'DE',
    ],
    [
      'reads a French label and joins prénom + nom',
      [f('a', 'Jean', { label: 'Prénom' }), f('b', 'Dupont', { label: 'Nom' }), f('c', 'jean@example.fr', { label: 'Courriel' })],
      { name: 'Jean Dupont', email: 'jean@example.fr' },
    ],
    [
      'reads Spanish nombre + two apellidos',
      [
        f('fn', 'María', { label: 'Nombre:' }),
        f('l1', 'García', { label: 'Primer apellido' }),
        f('l2', 'Márquez', { label: 'Segundo apellido' }),
        f('em', 'maria@example.es', { label: 'Correo electrónico' }),
      ],
      { name: 'María García Márquez', email: 'maria@example.es' },
    ],
    [
      'reads Portuguese nome + sobrenome and telefone',
      [f('n', 'João', { label: 'Nome' }), f('s', 'Silva', { label: 'Sobrenome' }), f('t', '(11) 96123-4567', { label: 'Telefone' })],
      { name: 'João Silva', phoneNumber: '+5511961234567' },
      'BR',
    ],
    [
      'reads Italian nome + cognome',
      [f('n', 'Giulia', { label: 'Nome' }), f('c', 'Rossi', { label: 'Cognome' }), f('e', 'giulia@example.it', { label: 'E-mail' })],
      { name: 'Giulia Rossi', email: 'giulia@example.it' },
    ],
    [
      'reads Dutch naam and telefoon despite a placeholder that says naam',
      [
        f('Naam', 'Sanne de Vries', { type: 'text', label: 'Vul uw volledige naam in' }),
        f('Telefoon', '06 12345678', { type: 'tel', label: 'Vul uw telefoonnummer naam in' }),
        f('Email', 'sanne@example.nl', { type: 'email' }),
      ],
      { name: 'Sanne de Vries', phoneNumber: '+31612345678', email: 'sanne@example.nl' },
      'NL',
    ],
    [
      'reads Japanese 姓 + 名 and 電話番号',
      [
        f('ln', '山田', { label: '姓:' }),
        f('fn', '太郎', { label: '名:' }),
        f('ph', '090-1234-5678', { label: '電話番号:' }),
        f('em', 'taro@example.jp', { label: 'メールアドレス:' }),
      ],
      { name: '太郎 山田', phoneNumber: '+819012345678', email: 'taro@example.jp' },
      'JP',
    ],
    [
      "does not take a company name for a person's name",
      [f('company_name', 'Acme GmbH', { label: 'Company name' }), f('email', 'a@example.com')],
      { email: 'a@example.com' },
    ],
    [
      'takes name="name" as the given name when a surname field follows',
      [f('name', 'Ada', { label: 'Name:' }), f('surname', 'Lovelace', { label: 'Surname:' }), f('email', 'ada@example.com')],
      { name: 'Ada Lovelace', email: 'ada@example.com' },
    ],
    [
      'trusts the name attribute over a mislabelled placeholder',
      [f('firstname', 'Ada', { label: 'Votre nom..' }), f('lastname', 'Lovelace', { label: 'Votre prénom..' }), f('email', 'ada@example.com')],
      { name: 'Ada Lovelace', email: 'ada@example.com' },
    ],
    [
      'joins split phone boxes in form order',
      [f('areacode', '415', { label: 'Area code' }), f('phone1', '555', { label: 'Phone' }), f('phone2', '0134'), f('email', 'a@example.com')],
      { phoneNumber: '+14155550134', email: 'a@example.com' },
    ],
    [
      "uses the form's country field as the phone region",
      [f('country', 'GB', { label: 'Country' }), f('phone', '020 7946 0018', { type: 'tel' })],
      { phoneNumber: '+442079460018' },
      'US',
    ],
    ['reads a phone written with 00 as international', [f('phone', '0044 20 7946 0018', { type: 'tel' })], { phoneNumber: '+442079460018' }],
    [
      'drops a phone number that is not valid, keeping the rest',
      [f('phone', '12345', { type: 'tel' }), f('email', 'a@example.com')],
      { email: 'a@example.com' },
    ],
    [
      'normalises a LinkedIn URL found in any field',
      [f('message', 'see https://uk.linkedin.com/in/Ada-Lovelace/?trk=x please')],
      { linkedinProfileUrl: 'https://www.linkedin.com/in/ada-lovelace' },
    ],
    [
      'takes a prospect id carried in a hidden field',
      [f('pid', 'prospect_0123456789abcdefghijklmnop', { type: 'hidden' })],
      { prospectId: 'prospect_0123456789abcdefghijklmnop' },
    ],
    [
      "caps a long name at the contract's 255 characters",
      [f('full_name', 'A'.repeat(300), { autocomplete: 'name' }), f('email', 'a@example.com')],
      { name: 'A'.repeat(255), email: 'a@example.com' },
    ],
    [
      "joins the parts of a name fieldset (its legend heads each sub-label: WPForms' name field)",
      [
        f('wpforms[fields][0][first]', 'Ada', { type: 'text', label: 'Name * — First' }),
        f('wpforms[fields][0][last]', 'Lovelace', { type: 'text', label: 'Name * — Last' }),
        f('wpforms[fields][1]', 'ada@example.com', { type: 'email', label: 'Email *' }),
      ],
      { name: 'Ada Lovelace', email: 'ada@example.com' },
    ],
    [
      "leaves the prefix out of a name fieldset's parts (Gravity Forms' name field)",
      [
        f('input_1.2', 'Dr.', { label: 'Name — Prefix' }),
        f('input_1.3', 'Ada', { label: 'Name — First' }),
        f('input_1.4', 'King', { label: 'Name — Middle' }),
        f('input_1.6', 'Lovelace', { label: 'Name — Last' }),
        f('input_2', 'ada@example.com', { label: 'Email' }),
      ],
      { name: 'Ada King Lovelace', email: 'ada@example.com' },
    ],
    [
      'reads name parts under a French and a Japanese name legend',
      [f('a', 'Lovelace', { label: 'Nom — Nom' }), f('b', 'Ada', { label: 'Nom — Prénom' }), f('c', 'ada@example.com', { label: '連絡先 — メール' })],
      { name: 'Ada Lovelace', email: 'ada@example.com' },
    ],
    [
      'lets a sub-label say what its field is under a legend that is no name',
      [f('c1', 'Ada Lovelace', { label: 'Your details — Full name' }), f('c2', 'ada@example.com', { label: 'Your company — Email' })],
      { name: 'Ada Lovelace', email: 'ada@example.com' },
    ],
    ['finds nothing in a form without identity', [f('message', 'hello'), f('company', 'Acme')], {}],
  ] as const)('%s', (_title, fields, expected, country = 'US') => {
    expect(extractIdentity(fields as unknown as CaptureField[], { cfCountry: country, defaultRegion: 'US' })).toEqual(expected);
  });

  it('takes the phone region from cf.country before DEFAULT_PHONE_REGION', () => {
    const fields = [f('tel', '030 1234567', { type: 'tel' })];
    expect(extractIdentity(fields, { cfCountry: 'DE', defaultRegion: 'US' }).phoneNumber).toBe('+49301234567');
    expect(extractIdentity(fields, { defaultRegion: 'DE' }).phoneNumber).toBe('+49301234567');
    expect(extractIdentity(fields, { defaultRegion: 'US' }).phoneNumber).toBeUndefined();
  });
});

describe('normalizers', () => {
  it.each([
    ['linkedin.com/in/jdoe', 'https://www.linkedin.com/in/jdoe'],
    ['https://www.linkedin.com/in/j%C3%B6rg-m/', 'https://www.linkedin.com/in/j%C3%B6rg-m'],
    ['https://www.linkedin.com/company/acme', undefined],
  ])('normalises LinkedIn %s', (raw, out) => expect(normalizeLinkedIn(raw)).toBe(out));

  it.each([
    ['+1 (415) 555-0134', 'US', '+14155550134'],
    ['415-555-0134', 'US', '+14155550134'],
    ['+44 7911 123456', 'US', '+447911123456'],
    ['555', 'US', undefined],
  ])('normalises phone %s (%s)', (raw, region, out) => expect(normalizePhone(raw, region)).toBe(out));
});

describe('the Chromium autofill corpus', () => {
  const corpus = inject('corpus');
  const rows = corpus.flatMap((page) =>
    page.forms.map((fields, i) => {
      const { filled, expected } = fillForm(fields, page.country, `${page.file.slice(0, 3)}${i}`);
      const capture: CaptureField[] = fields.map((field, j) => ({
        name: field.name,
        value: filled[j]!.value,
        type: field.type,
        autocomplete: field.autocomplete,
        label: field.label,
      }));
      return { id: `${page.file} form ${i}`, country: page.country, capture, expected };
    }),
  );

  it('has forms to check', () => expect(rows.length).toBeGreaterThan(25));

  it.each(rows.map((r) => [r.id, r] as const))("extracts what Chromium's types say for %s", (_id, row) => {
    const got = extractIdentity(row.capture, { cfCountry: row.country, defaultRegion: 'US' });
    expect({ email: got.email, phoneNumber: got.phoneNumber, name: got.name }).toEqual({
      email: row.expected.email,
      phoneNumber: row.expected.phoneNumber,
      name: row.expected.name,
    });
  });
});
