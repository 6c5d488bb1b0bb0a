// Types the worker tests need beyond worker-configuration.d.ts: files read as text through Vite's `?raw`.
declare module '*?raw' {
  const text: string;
  export default text;
}
