// The word lists for labels and buttons written in Cyrillic, Devanagari, Japanese, Chinese or Korean: a second file,
// served by the worker at /words.js, that the snippet loads only on a page showing text in those scripts (snippet/
// fields.ts), so the pages of every other site never download them. It hands them over on the site's prospectBeacon
// object, in the order of the snippet's rules: never sent, sign-in, step, sign-up, final action.
import { SENSITIVE_SCRIPTS } from '../common/sensitive';
import { SIGN_IN_SCRIPTS, SIGN_UP_SCRIPTS, STEP_SCRIPTS, SUBMIT_SCRIPTS } from './scripts';
import type { Widen } from './fields';

const b = (window as unknown as { prospectBeacon?: { _w?: Widen } }).prospectBeacon;
// What the snippet sends once they are here runs inside this call: an error of the page's (a broken fetch) stays here.
try {
  if (b && b._w) b._w([SENSITIVE_SCRIPTS, SIGN_IN_SCRIPTS, STEP_SCRIPTS, SIGN_UP_SCRIPTS, SUBMIT_SCRIPTS]);
} catch {
  // the snippet's own guard would have swallowed it too
}
