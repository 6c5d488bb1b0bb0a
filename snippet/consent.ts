// Consent for measurement: whether form analytics and campaign touches may run now. Until consent detection reads
// the site's consent banner here, measurement is always allowed (data-consent gates submissions in send.ts).

/** True while measurement (form analytics, campaign-touch storage) is allowed. */
export const measure = (): boolean => true;
