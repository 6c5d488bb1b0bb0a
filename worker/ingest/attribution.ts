// Campaign attribution for the payload: the snippet keeps whole landing URLs (cheaper in the browser);
// the utm_* parameters and click ids are read out of them here.
import type { Touch } from './capture';

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

/** One touch as the log's payload has it: campaign parameters from its landing URL, the URL, the outside
 * referrer, the time. */
function expand(touch: Touch): Record<string, unknown> {
  return { ...campaignOf(touch.url), landingPage: touch.url, firstReferrer: touch.referrer || undefined, firstSeenAt: new Date(touch.ts).toISOString() };
}

/** The payload's attribution: the first touch, with the latest as `lastTouch`; {} without a touch. */
export function expandAttribution(touches: readonly Touch[] | undefined): Record<string, unknown> {
  const [first, last] = touches ?? [];
  if (!first) return {};
  const out = expand(first);
  if (last) out.lastTouch = expand(last);
  return out;
}
