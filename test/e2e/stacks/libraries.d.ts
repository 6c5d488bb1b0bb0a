// Types for the three libraries the apps use that ship none (@types/react-dom, @types/jquery and
// @types/alpinejs are not installed): only what the apps call, so a typo still fails the typecheck.
declare module 'react-dom/client' {
  import type { ReactNode } from 'react';
  export function createRoot(el: Element): { render(node: ReactNode): void };
}

declare module 'alpinejs' {
  const Alpine: { start(): void };
  export default Alpine;
}

declare module 'jquery' {
  interface JQ {
    on(event: string, fn: (this: HTMLFormElement, e: Event) => void): JQ;
    serialize(): string;
    attr(name: string, value: string): JQ;
    text(): string;
    text(value: string): JQ;
  }
  interface Jqxhr {
    done(fn: () => void): Jqxhr;
    fail(fn: (xhr: { responseText: string }) => void): Jqxhr;
  }
  const $: ((selector: string | HTMLElement) => JQ) & { ajax(options: { url: string; method: string; data: string }): Jqxhr };
  export default $;
}
