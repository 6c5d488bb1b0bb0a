// The corpus as plain data, shared by the Node loader and the tests in workerd and happy-dom.

export interface CorpusField {
  /** The name attribute, or the id where the page gives no name (as Chromium's .out files do). */
  name: string;
  type: string;
  autocomplete?: string;
  /** Chromium's label for the field. */
  label: string;
  /** Chromium's verdict, e.g. EMAIL_ADDRESS. */
  chromeType: string;
}

export interface CorpusPage {
  file: string;
  html: string;
  /** ISO country the page is written for (from its file name), used for phone numbers. */
  country: string;
  forms: CorpusField[][];
}
