// What the global setups hand to tests through provide/inject.
import type { CorpusPage } from './corpus/types';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The stand-in Architect API started for the worker tests. */
    stubUrl: string;
    /** ../shared/corpus/chromium-autofill, parsed. */
    corpus: CorpusPage[];
    /** The servers the browser tests run against. */
    e2e: { stubUrl: string; workerUrl: string; pagesUrl: string };
  }
}
