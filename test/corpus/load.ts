// Reads ../shared/corpus (Chromium's autofill pages and their expected field types) into plain data
// that both the worker tests (workerd, no DOM) and the snippet tests can use.
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Window } from 'happy-dom';
import type { CorpusField, CorpusPage } from './types.ts';

export type { CorpusField, CorpusPage };

export const SHARED_DIR = process.env.SHARED_DIR ?? fileURLToPath(new URL('../../../shared/', import.meta.url));

const COUNTRY_BY_TAG: Record<string, string> = {
  de: 'DE',
  es: 'ES',
  it: 'IT',
  ja: 'JP',
  pt: 'BR',
  zh: 'CN',
  hi: 'IN',
  ru: 'RU',
  id: 'ID',
  twtcgirls: 'TW',
  alfacart: 'ID',
};

function countryOf(file: string): string {
  for (const [tag, country] of Object.entries(COUNTRY_BY_TAG)) if (new RegExp(`_${tag}(\\b|_|\\.)`).test(file)) return country;
  return 'US';
}

function parseOut(text: string): Map<string, { chromeType: string; label: string }> {
  const rows = new Map<string, { chromeType: string; label: string }>();
  for (const line of text.split('\n')) {
    const cols = line.split(' | ');
    if (cols.length < 4) continue;
    const [chromeType, name, label] = cols.map((c) => c.trim()) as [string, string, string];
    if (!rows.has(name)) rows.set(name, { chromeType: chromeType || 'UNKNOWN_TYPE', label });
  }
  return rows;
}

export async function loadChromiumCorpus(): Promise<CorpusPage[]> {
  const dir = `${SHARED_DIR}corpus/chromium-autofill/`;
  const files = (await readdir(`${dir}input`)).filter((f) => f.endsWith('.html')).sort();
  const window = new Window({ settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  const pages: CorpusPage[] = [];
  for (const file of files) {
    const html = await readFile(`${dir}input/${file}`, 'utf8');
    const rows = parseOut(await readFile(`${dir}output/${file.replace(/\.html$/, '.out')}`, 'utf8'));
    const doc = new window.DOMParser().parseFromString(html, 'text/html');
    const groups = new Map<unknown, CorpusField[]>();
    for (const el of doc.querySelectorAll('input, select, textarea')) {
      const name = el.getAttribute('name') || el.getAttribute('id') || '';
      const row = rows.get(name);
      if (!row) continue;
      const type = el.tagName === 'INPUT' ? (el.getAttribute('type') ?? 'text').toLowerCase() : el.tagName.toLowerCase();
      const form = el.closest('form');
      const fields = groups.get(form) ?? [];
      fields.push({ name, type, autocomplete: el.getAttribute('autocomplete') ?? undefined, label: row.label, chromeType: row.chromeType });
      groups.set(form, fields);
    }
    pages.push({ file, html, country: countryOf(file), forms: [...groups.values()] });
  }
  await window.happyDOM.close();
  return pages;
}
