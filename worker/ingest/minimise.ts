// Every URL of a capture minimised (common/url.ts) before anything is stored, counted or sent: the page, its referrer,
// the form's action and the campaign touches. The snippet did the same in the browser; API clients and no-JS forms
// did not, and a snippet cached from an older version neither.
import { minimiseUrl } from '../../common/url';
import type { Capture } from './capture';

/** The capture with each of its URLs minimised; `keep`: the operator's extra query parameters (KEEP_PARAMS). */
export function minimiseCapture(capture: Capture, keep: readonly string[]): Capture {
  const url = (s: string) => minimiseUrl(s, keep);
  const opt = (s: string | undefined) => (s ? url(s) : s);
  const { page, form, touches } = capture;
  return {
    ...capture,
    page: { ...page, url: url(page.url), referrer: opt(page.referrer) },
    // A form key made of the action's path (snippet/keys.ts) falls under the path rule too.
    form: form && { ...form, action: form.action && minimiseUrl(form.action, keep), key: form.key?.startsWith('/') ? minimiseUrl(form.key) : form.key },
    touches: touches?.map((t) => ({ ...t, url: url(t.url), referrer: opt(t.referrer) })),
  };
}
