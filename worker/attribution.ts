// Campaign attribution for the payload: the snippet keeps whole landing URLs (cheaper in the browser);
// the utm_* parameters and click ids are read out of them here.
import type { Attribution } from './capture';

export const CAMPAIGN_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'gclid', 'fbclid', 'msclkid', 'li_fat_id'] as const;

/** The campaign parameters of a URL, each at most 500 characters; {} for a URL that does not parse. */
export function campaignOf(url: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!url || !URL.canParse(url)) return out;
  const params = new URL(url).searchParams;
  for (const key of CAMPAIGN_KEYS) {
    const value = params.get(key);
    if (value) out[key] = value.slice(0, 500);
  }
  return out;
}

/** First touch with its campaign parameters filled in from its landing page (sent values win), and the
 * last touch likewise. */
export function expandAttribution(attribution: Attribution | undefined): Record<string, unknown> {
  if (!attribution) return {};
  const { lastTouch, ...first } = attribution;
  const out: Record<string, unknown> = { ...campaignOf(first.landingPage), ...first };
  if (lastTouch) out.lastTouch = { ...campaignOf(lastTouch.landingPage), ...lastTouch };
  return out;
}
