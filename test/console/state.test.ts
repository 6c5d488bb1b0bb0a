// The console's pure parts in Node: the URL ⇄ state round trip (shared links) and the CSV export.
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../console/dom';
import { apiParams, isFiltered, previousParams, previousRange, parseState, toQuery } from '../../console/state';

const NOW = Date.parse('2026-11-28T15:00:00Z');

describe('console state in the URL', () => {
  it.each([
    ['', { range: '7d', from: '2026-11-22', to: '2026-11-28', bucket: 'day', by: 'page' }],
    ['?range=today', { range: 'today', from: '2026-11-28', to: '2026-11-28', bucket: 'hour' }],
    ['?range=30d&bucket=hour', { range: '30d', from: '2026-10-30', to: '2026-11-28', bucket: 'hour' }],
    ['?range=custom&from=2026-11-10&to=2026-11-01', { range: 'custom', from: '2026-11-01', to: '2026-11-10' }],
    ['?range=custom&from=2026-13-45&to=2026-11-01', { range: '7d', from: '2026-11-22' }],
    ['?range=yesterday&by=planet&bucket=minute', { range: '7d', by: 'page', bucket: 'day' }],
  ])('reads %j as the state a shared link means', (search, expected) => {
    expect(parseState(search, NOW)).toMatchObject(expected);
  });

  it('writes only what differs from the defaults, and reads it back unchanged', () => {
    const search = '?range=custom&from=2026-11-01&to=2026-11-10&bucket=hour&site=https%3A%2F%2Fwww.acme.test&form=book-demo&by=country';
    const state = parseState(search, NOW);
    expect(toQuery(state)).toBe(search);
    expect(parseState(toQuery(state), NOW)).toEqual(state);
    expect(toQuery(parseState('?range=7d&bucket=day&by=page', NOW))).toBe('');
  });

  it('sends the range and only the filters that are set to the API', () => {
    const params = apiParams(parseState('?range=today&source=newsletter&page=', NOW));
    expect(Object.fromEntries(params)).toEqual({ from: '2026-11-28', to: '2026-11-28', source: 'newsletter' });
  });
});

describe('the previous period and "rows containing"', () => {
  it.each([
    ['?range=today', { from: '2026-11-27', to: '2026-11-27' }],
    ['', { from: '2026-11-15', to: '2026-11-21' }],
    ['?range=30d', { from: '2026-09-30', to: '2026-10-29' }],
    ['?range=custom&from=2026-02-27&to=2026-03-02', { from: '2026-02-23', to: '2026-02-26' }],
  ])('compares %j with the range of equal length just before it', (search, expected) => {
    expect(previousRange(parseState(search, NOW))).toEqual(expected);
  });

  it('asks for the previous period with the same filters, and never sends the rows-containing text', () => {
    const s = parseState('?range=today&form=book-demo&q=pricing', NOW);
    expect(Object.fromEntries(previousParams(s))).toEqual({ from: '2026-11-27', to: '2026-11-27', form: 'book-demo' });
    expect(apiParams(s).has('q')).toBe(false);
    expect(toQuery(s)).toBe('?range=today&form=book-demo&q=pricing');
    expect([isFiltered(s), isFiltered(parseState('?q=x', NOW)), isFiltered(parseState('?range=30d', NOW))]).toEqual([true, true, false]);
  });
});

describe('CSV export', () => {
  const columns = [
    { label: 'Form', value: (r: { form: string; n: number | null }) => r.form },
    { label: 'Rate, %', value: (r: { form: string; n: number | null }) => r.n },
  ];

  it('quotes commas, quotes and line breaks (RFC 4180) and leaves null cells empty', () => {
    expect(toCsv(columns, [{ form: 'say "hi", now\nplease', n: null }])).toBe('Form,"Rate, %"\r\n"say ""hi"", now\nplease",\r\n');
  });

  it.each(['=HYPERLINK("https://evil.test")', '+1+1', '-2', '@SUM(A1)'])('defuses %j, text a spreadsheet would run as a formula', (form) => {
    const line = toCsv(columns, [{ form, n: 0.5 }]).split('\r\n')[1]!;
    expect(line.replace(/^"|"(?=,)/g, '').replaceAll('""', '"')).toBe(`'${form},0.5`);
  });
});
