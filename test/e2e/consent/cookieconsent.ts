// vanilla-cookieconsent on the page, as its UMD build installs it (window.CookieConsent), with a necessary and an
// analytics category; window.cmp.grant() and .withdraw() are the visitor's choices in its preferences.
import * as CookieConsent from 'vanilla-cookieconsent';

(window as unknown as { CookieConsent: typeof CookieConsent }).CookieConsent = CookieConsent;
void CookieConsent.run({
  categories: { necessary: { enabled: true, readOnly: true }, analytics: {} },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: { title: 'Cookies', description: 'We count visits.', acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Reject all' },
        preferencesModal: { title: 'Preferences', sections: [] },
      },
    },
  },
});
(window as unknown as { cmp: object }).cmp = {
  grant: () => CookieConsent.acceptCategory('analytics'),
  withdraw: () => CookieConsent.acceptCategory([]), // only the read-only (necessary) category stays
};
