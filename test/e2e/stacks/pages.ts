// The library apps' pages, and their bundles built from the real packages by esbuild: served by the pages
// server (tools/pages.ts) at /stack/<name> and /stack/<name>.js, each with the snippet tag as a site adds it.
import { build } from 'esbuild';
import { tag } from '../../../tools/pages.ts';

const here = new URL('.', import.meta.url).pathname;

/** The markup the script-less libraries (htmx, Alpine, jQuery) and Vue's in-DOM template work on. */
const LABELLED = `<label for="name">Full name</label><input id="name" name="name">
  <label for="email">Work e-mail</label><input id="email" name="email" type="email">
  <label for="phone">Phone</label><input id="phone" name="phone" type="tel">`;

const BODY: Record<string, string> = {
  'react-hook-form': '<div id="app"></div>',
  formik: '<div id="app"></div>',
  wizard: '<div id="app"></div>',
  preact: '<div id="app"></div>',
  lit: '<lead-signup></lead-signup>',
  vue: `<div id="app">
  <p v-if="done" class="done">Thanks, we will be in touch.</p>
  <form v-else @submit.prevent="send">
    <input v-model="fullName" placeholder="Full name">
    <input v-model="email" type="email" placeholder="Work e-mail">
    <input v-model="phone" type="tel" placeholder="Phone">
    <button>Request a demo</button>
  </form>
</div>`,
  htmx: `<form id="lead" hx-post="/api/lead" hx-target="#result">
  ${LABELLED}
  <button type="submit">Book a demo</button>
</form><div id="result"></div>`,
  alpine: `<form x-data="{ done: false }" x-on:submit.prevent="fetch('/api/lead', { method: 'POST', body: new FormData($el) }).then((r) => (done = r.ok))">
  ${LABELLED}
  <button type="submit">Book a demo</button>
  <p class="done" x-show="done">Thanks, we will be in touch.</p>
</form>`,
  jquery: `<form id="lead" action="/api/lead" method="post">
  ${LABELLED}
  <button type="submit">Book a demo</button>
</form><p id="result"></p>`,
};

const SOURCE: Record<string, string> = {
  'react-hook-form': 'react-hook-form.tsx',
  formik: 'formik.tsx',
  wizard: 'wizard.tsx',
  preact: 'preact.tsx',
  lit: 'lit.ts',
  vue: 'vue.ts',
  htmx: 'htmx.ts',
  alpine: 'alpine.ts',
  jquery: 'jquery.ts',
};

/** Every app's page and bundle, keyed by the path the pages server answers. */
export async function stackPages(): Promise<Map<string, string>> {
  const out = await build({
    entryPoints: Object.fromEntries(Object.entries(SOURCE).map(([name, file]) => [name, `${here}${file}`])),
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: '/stack',
    jsx: 'automatic',
    logLevel: 'error',
    minify: true,
    // Vue's full build: its template compiler reads the in-DOM template, as Vue from a CDN does.
    alias: { vue: 'vue/dist/vue.esm-bundler.js' },
    define: {
      'process.env.NODE_ENV': '"production"',
      __VUE_OPTIONS_API__: 'true',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
  });
  const pages = new Map<string, string>();
  for (const file of out.outputFiles) pages.set(file.path.slice(1), file.text);
  for (const [name, body] of Object.entries(BODY)) {
    pages.set(
      `stack/${name}`,
      `<!doctype html><html lang="en"><title>${name}</title>${tag()}${body}<script type="module" src="/stack/${name}.js"></script></html>`,
    );
  }
  return pages;
}
