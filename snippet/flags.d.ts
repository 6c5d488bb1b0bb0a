// Build-time flags, defined by build.mjs.
declare const __DEBUG__: boolean;
/** false: the build without form analytics (snippet/analytics.ts), served when the worker's ANALYTICS is "off". */
declare const __ANALYTICS__: boolean;
/** false: a build without consent detection (snippet/consent.ts detect()), built only to measure what it costs. */
declare const __CONSENT__: boolean;
/** The release: a hash of the snippet's sources, with which it asks for its second files (config.ts, addScript). */
declare const __VERSION__: string;
