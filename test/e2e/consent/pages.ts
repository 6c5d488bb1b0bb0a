// The consent pages of the browser tests: one per banner, each with the snippet tag set to data-consent="auto" (and a
// "-all" twin with data-consent-scope="all"), served at /consent/<name> by the pages server (tools/pages.ts). The IAB
// TCF CMP, vanilla-cookieconsent and Klaro are the real packages bundled by esbuild; Consent Mode is Google's own gtag
// snippet; OneTrust and Cookiebot are their documented globals and events. Each page's window.cmp.grant() and
// .withdraw() are the visitor's choices; ?consent=granted starts the page with consent given.
import { build } from 'esbuild';
import { tag } from '../../../tools/pages.ts';

const here = new URL('.', import.meta.url).pathname;
const BUNDLED = ['tcf', 'cookieconsent', 'klaro'];

/** Google's Consent Mode v2 snippet, as its documentation gives it, defaults first. */
const GCM = `<script>
window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('consent', 'default', { ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied',
  analytics_storage: location.search.indexOf('consent=granted') > -1 ? 'granted' : 'denied' });
window.cmp = { grant: function () { gtag('consent', 'update', { analytics_storage: 'granted' }); },
  withdraw: function () { gtag('consent', 'update', { analytics_storage: 'denied' }); } };
</script>`;

/** OneTrust's page API: OptanonActiveGroups lists the active categories, OneTrustGroupsUpdated announces a change,
 * and OptanonWrapper (the site's own callback) runs after it. C0002 is its performance category. */
const ONETRUST = `<script>
function otSet(groups) { window.OptanonActiveGroups = groups;
  window.dispatchEvent(new CustomEvent('OneTrustGroupsUpdated', { detail: groups.split(',').filter(Boolean) }));
  if (typeof window.OptanonWrapper === 'function') window.OptanonWrapper(); }
otSet(location.search.indexOf('consent=granted') > -1 ? ',C0001,C0002,' : ',C0001,');
window.cmp = { grant: function () { otSet(',C0001,C0002,C0003,'); }, withdraw: function () { otSet(',C0001,'); } };
</script>`;

/** Cookiebot's page API: window.Cookiebot.consent holds the categories, CookiebotOnAccept / CookiebotOnDecline
 * announce a choice. */
const COOKIEBOT = `<script>
function cbSet(statistics) {
  window.Cookiebot = { consent: { necessary: true, preferences: statistics, statistics: statistics, marketing: false },
    consented: statistics, declined: !statistics, hasResponse: true };
  window.dispatchEvent(new Event(statistics ? 'CookiebotOnAccept' : 'CookiebotOnDecline')); }
cbSet(location.search.indexOf('consent=granted') > -1);
window.cmp = { grant: function () { cbSet(true); }, withdraw: function () { cbSet(false); } };
</script>`;

/** A lead form whose own code prevents the navigation, as an SPA's does; data-sent counts its submits. */
const FORM = `<form id="lead" action="/thanks" method="post">
  <label for="name">Full name</label><input id="name" name="full_name" value="Ada Lovelace">
  <label for="email">Work e-mail</label><input id="email" name="email" type="email">
  <button type="submit">Send</button>
</form>
<script>document.getElementById('lead').addEventListener('submit', function (e) { e.preventDefault();
  document.body.dataset.sent = String(Number(document.body.dataset.sent || 0) + 1); });</script>`;

export async function consentPages(): Promise<Map<string, string>> {
  const out = await build({
    entryPoints: Object.fromEntries(BUNDLED.map((name) => [name, `${here}${name}.ts`])),
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    outdir: '/consent',
    logLevel: 'error',
    minify: true,
  });
  const pages = new Map<string, string>();
  for (const file of out.outputFiles) pages.set(file.path.slice(1), file.text);
  const cmp: Record<string, string> = { gcm: GCM, onetrust: ONETRUST, cookiebot: COOKIEBOT };
  for (const name of BUNDLED) cmp[name] = `<script src="/consent/${name}.js"></script>`;
  for (const [name, script] of Object.entries(cmp)) {
    for (const [suffix, attrs] of [
      ['', 'data-consent="auto"'],
      ['-all', 'data-consent="auto" data-consent-scope="all"'],
    ]) {
      pages.set(`consent/${name}${suffix}`, `<!doctype html><html lang="en"><title>${name}</title>${script}${tag(attrs)}<body>${FORM}</body></html>`);
    }
  }
  return pages;
}
