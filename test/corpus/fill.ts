// Fills a corpus form the way a visitor would, by Chromium's type for each field, and says which
// e-mail / phone / name Chromium's types imply. Pure: used in workerd, happy-dom and Chromium tests.
import { getExampleNumber, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json' with { type: 'json' };

export const CARD_NUMBER = '4111 1111 1111 1111';
export const CVC = '737';
export const PASSWORD = 'Tr0ub4dor&3-secret';
export const ONE_TIME_CODE = '913374';

export interface Filled {
  name: string;
  value: string;
  chromeType: string;
}

export interface Expected {
  email?: string;
  phoneNumber?: string;
  name?: string;
}

/** One form's values, by Chromium type; fields Chromium cannot type are left empty, as visitors often do. */
export function fillForm(
  fields: { name: string; type: string; chromeType: string }[],
  country: string,
  seed: string,
): { filled: Filled[]; expected: Expected } {
  const example = getExampleNumber(country as CountryCode, examples)!;
  let phonePart = 0;
  const filled: Filled[] = fields.map(({ name, type, chromeType }, i) => {
    const value = (() => {
      if (type === 'password') return PASSWORD;
      if (type === 'hidden' || type === 'submit' || type === 'button' || type === 'checkbox' || type === 'radio') return '';
      switch (chromeType) {
        case 'EMAIL_ADDRESS':
        case 'HTML_TYPE_EMAIL':
          return `Visitor.${seed}.${i}@Example.COM`;
        case 'NAME_FULL':
        case 'HTML_TYPE_NAME':
          return 'Ada Lovelace';
        case 'NAME_FIRST':
          return 'Ada';
        case 'NAME_MIDDLE':
          return 'King';
        case 'NAME_LAST':
          return 'Lovelace';
        case 'NAME_LAST_FIRST':
          return 'García';
        case 'NAME_LAST_SECOND':
          return 'Márquez';
        case 'PHONE_HOME_WHOLE_NUMBER':
        case 'PHONE_HOME_CITY_AND_NUMBER':
        case 'HTML_TYPE_TEL':
          return example.formatNational();
        case 'PHONE_HOME_COUNTRY_CODE':
          return '1';
        case 'PHONE_HOME_CITY_CODE':
          phonePart = 0;
          return '650';
        case 'PHONE_HOME_NUMBER':
          return phonePart++ === 0 ? '253' : '0000';
        case 'COMPANY_NAME':
          return 'Acme GmbH';
        case 'CREDIT_CARD_NUMBER':
          return CARD_NUMBER;
        case 'CREDIT_CARD_VERIFICATION_CODE':
          return CVC;
        case 'CREDIT_CARD_NAME_FULL':
          return 'A LOVELACE';
        case 'ADDRESS_HOME_LINE1':
        case 'ADDRESS_HOME_STREET_ADDRESS':
          return '12 Analytical Engine Rd';
        case 'ADDRESS_HOME_CITY':
          return 'Springfield';
        case 'ADDRESS_HOME_ZIP':
          return '94043';
        default:
          return '';
      }
    })();
    return { name, value, chromeType };
  });

  const expected: Expected = {};
  const email = filled.find((f) => f.chromeType === 'EMAIL_ADDRESS' || f.chromeType === 'HTML_TYPE_EMAIL');
  if (email) expected.email = `Visitor.${seed}.${filled.indexOf(email)}@example.com`;
  const types = new Set(filled.map((f) => f.chromeType));
  if (['PHONE_HOME_WHOLE_NUMBER', 'PHONE_HOME_CITY_AND_NUMBER', 'HTML_TYPE_TEL'].some((t) => types.has(t))) expected.phoneNumber = example.number;
  else if (types.has('PHONE_HOME_CITY_CODE')) expected.phoneNumber = '+16502530000';
  const full = filled.find((f) => f.chromeType === 'NAME_FULL' || f.chromeType === 'HTML_TYPE_NAME');
  const parts = ['NAME_FIRST', 'NAME_MIDDLE', 'NAME_LAST', 'NAME_LAST_FIRST', 'NAME_LAST_SECOND']
    .map((t) => filled.find((f) => f.chromeType === t)?.value)
    .filter(Boolean);
  if (full) expected.name = full.value;
  else if (parts.length) expected.name = parts.join(' ');
  return { filled, expected };
}
