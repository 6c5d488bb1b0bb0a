// Klaro on the page, as its script installs it (window.klaro, window.klaroConfig), with one analytics service;
// window.cmp.grant() and .withdraw() are the visitor's choices in its modal.
// @ts-expect-error: Klaro ships no types.
import * as klaro from 'klaro/dist/klaro-no-css.js';

const config = {
  elementID: 'klaro',
  storageMethod: 'localStorage',
  services: [{ name: 'matomo', title: 'Matomo', purposes: ['analytics'] }],
};
const w = window as unknown as { klaro: unknown; klaroConfig: unknown; cmp: object };
w.klaro = klaro;
w.klaroConfig = config;
klaro.setup(config);
const manager = klaro.getManager(config);
const choose = (granted: boolean) => {
  manager.updateConsent('matomo', granted);
  manager.saveAndApplyConsents();
};
w.cmp = { grant: () => choose(true), withdraw: () => choose(false) };
