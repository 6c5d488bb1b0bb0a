// @vitest-environment happy-dom
// The console's DOM helpers on a real DOM (happy-dom): data is rendered as text, never parsed as markup, and the CSV
// export is safe to open in a spreadsheet.
import { describe, expect, it } from 'vitest';
import { h, table, toCsv } from '../../console/dom';

/** Markup as a hostile site could put it in a page title, a form name or a URL path. */
const MARKUP = '<img src=x onerror="alert(1)"><b>bold</b>';

describe('rendering data', () => {
  it('puts a string child in as a text node, so markup in a form name never becomes an element', () => {
    const cell = h('td', {}, 'Form: ', MARKUP);
    expect(cell.textContent).toBe(`Form: ${MARKUP}`);
    expect(cell.children).toHaveLength(0);
    expect([...cell.childNodes].map((n) => n.nodeType)).toEqual([Node.TEXT_NODE, Node.TEXT_NODE]);
  });

  it('shows a table cell holding markup as that text, with no element made from it', () => {
    const wrap = table('Pages', [{ label: 'Page', value: (r: { page: string }) => r.page }], [{ page: MARKUP }], 'No pages yet.');
    expect(wrap.querySelector('td')?.textContent).toBe(MARKUP);
    expect(wrap.querySelector('img, b')).toBeNull();
  });
});

describe('CSV export', () => {
  const columns = [{ label: 'Form', value: (r: { form: string }) => r.form }];
  const cellOf = (form: string) => toCsv(columns, [{ form }]).slice('Form\r\n'.length, -2);

  it.each([
    ['a tab', '\t=1+1'],
    ['a carriage return', '\r=1+1'],
  ])('defuses text that starts with %s, which a spreadsheet may read as a formula', (_what, form) => {
    expect(cellOf(form).replace(/^"/, '')).toMatch(/^'/);
  });

  it('quotes a cell holding a lone carriage return, so it stays one cell on one row', () => {
    expect(cellOf('line one\rline two')).toBe('"line one\rline two"');
  });

  it('quotes a cell holding a semicolon, the list separator of spreadsheets in many locales', () => {
    expect(cellOf('Berlin; Munich')).toBe('"Berlin; Munich"');
    expect(toCsv([{ label: 'City; region', value: () => 1 }], [{}])).toBe('"City; region"\r\n1\r\n');
  });
});
