// Page helpers. localStorage that never throws (blocked storage, Safari private mode, full quota):
// a read gives undefined, a write does nothing.

export function load<T>(key: string): T | undefined {
  try {
    return JSON.parse(localStorage[key]);
  } catch {
    // blocked, or nothing stored yet
  }
}

export function save(key: string, value: unknown): void {
  try {
    localStorage[key] = JSON.stringify(value);
  } catch {
    // storage blocked: the in-memory copy is all there is
  }
}

/** This page's URL without its fragment (a #fragment can hold tokens, and means nothing to a CRM). */
export const here = () => location.href.split('#')[0]!;
