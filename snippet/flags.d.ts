// Build-time flags, defined by build.mjs.
declare const __DEBUG__: boolean;
