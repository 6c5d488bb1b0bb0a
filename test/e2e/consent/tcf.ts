// A TCF v2.2 CMP on the page, made with the IAB's own libraries: @iabtechlabtcf/cmpapi answers __tcfapi, and
// @iabtechlabtcf/core encodes the TC strings. ?consent=granted starts with purposes 1, 8 and 9 consented, else the
// banner shows with nothing consented; window.cmp.grant() and .withdraw() are the visitor's clicks.
import { CmpApi } from '@iabtechlabtcf/cmpapi';
import { GVL, TCModel, TCString } from '@iabtechlabtcf/core';

// A vendor list with the eleven purposes and no vendors, so nothing is fetched: encoding needs one, whatever it holds.
const purposes = Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((id) => [id, { id, name: `Purpose ${id}`, description: '', illustrations: [] }]));
const gvl = new GVL({
  gvlSpecificationVersion: 3,
  vendorListVersion: 1,
  tcfPolicyVersion: 5,
  lastUpdated: '2026-01-01T00:00:00Z',
  purposes,
  specialPurposes: {},
  features: {},
  specialFeatures: {},
  vendors: {},
  stacks: {},
  dataCategories: {},
} as never);

function tcString(consented: number[]): string {
  const model = new TCModel(gvl);
  model.cmpId = 10;
  model.cmpVersion = 1;
  model.isServiceSpecific = true;
  model.purposeConsents.set(consented);
  return TCString.encode(model);
}

const api = new CmpApi(10, 1, true);
if (location.search.includes('consent=granted')) api.update(tcString([1, 8, 9]), false);
else api.update('', true); // GDPR applies, no choice yet, the banner is up
(window as unknown as { cmp: object }).cmp = {
  grant: () => api.update(tcString([1, 2, 7, 8, 9, 10]), false),
  // Storage kept (purpose 1), measurement refused: not measurement consent.
  withdraw: () => api.update(tcString([1]), false),
};
