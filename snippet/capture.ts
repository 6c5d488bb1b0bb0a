// Finds submissions and turns each into one capture: a capture-phase submit listener on document, the same on open
// shadow roots, a wrapped form.submit() (which fires no event), and clicks, through the handler of /flows.js
// (snippet/flows.ts), which it loads on pages showing a wizard or a formless flow.
import type { CaptureInput } from '../worker/ingest/capture';
import { recordTouch } from './attribution';
import { addScript, debug, formless, forms, source } from './config';
import { arrived, decided, formFields, need, reads, waits, words, type Fields } from './fields';
import { kept, merge } from './steps';
import { P, attr, formKey, rid, visit } from './keys';
import { deliver, consent, emit, later } from './send';
import { clean, here, save } from './storage';

/** 5 s: a double-click, or a site calling submit() from its own submit handler, lands well inside it. */
const SAME_SUBMISSION_MS = 5e3;
/** Per submission: its id, when it was made, and what sends it now, kept alive, if it still waits. */
const seen: { [key: string]: [string, number, () => unknown] } = {};

/** One submission, one capture. The same form with the same values within 5 s is the same submission:
 * the same id comes back and nothing is sent twice. `timed`: send the time since load (the too-fast check).
 * `submit`: the capture comes from a submit event still being dispatched; how to send it is decided once
 * the site's own handlers have run (see below). Otherwise a navigation may follow at once: send kept alive. */
export function record(fields: Fields, form?: CaptureInput['form'], src = source, timed?: boolean, submit?: boolean): string | undefined {
  // A wizard's earlier steps (steps.ts) go with its final submit: by field name, later values win.
  if (form && form.key) merge(kept()[form.key], fields);
  if (!fields.length) return;
  const key = JSON.stringify([form, fields, src]);
  const now = Date.now();
  const prev = seen[key];
  if (prev && now - prev[1] < SAME_SUBMISSION_MS) {
    // The same submission made again by code (form.submit() from the site's own submit handler): a navigation
    // starts now, so a capture still waiting for the end of the submit event goes at once, kept alive.
    submit || prev[2]();
    return prev[0];
  }
  const id = rid();
  // Long page, form and touch strings are clipped by the worker (worker/ingest/capture.ts), not here.
  const c: CaptureInput = {
    v: 1,
    id,
    source: src,
    page: { url: here(), title: document.title, referrer: clean(document.referrer) },
    form,
    // Attempts of one form in one visit merge into one lead in the worker; an API capture has no form key (and a form
    // key is never empty: formKey).
    visit: form && form.key && visit(),
    fields,
    touches: recordTouch(),
    consent,
    ts: now,
    bot: fields.bot,
    // Time from page load to submit, for the worker's too-fast check; not for API captures, made by code.
    elapsed: timed ? performance.now() | 0 : undefined,
  };
  if (__DEBUG__ && debug) console.log('[prospect-beacon] captured', c);
  emit('captured', id);
  // A submit the page prevented (an SPA posting with fetch) has no navigation to outrun: a plain fetch on the next
  // task keeps the site's handlers fast. One not prevented navigates: send now, kept alive. The window listener runs
  // after the page's handlers; the timer covers one that stopped propagation, and a page left first runs it at once.
  let sent: unknown;
  const go = (e?: Event | 1) => sent || ((sent = 1), deliver(c, !(e && (e as Event).defaultPrevented)));
  seen[key] = [id, now, go];
  if (submit) {
    addEventListener('submit', go, { once: true });
    later(go);
  } else go();
  return id;
}

/** What /flows.js (snippet/flows.ts) is handed on the site's prospectBeacon: the snippet's field reading, keys, captures
 * and wizard steps, the two settings it reads (data-formless, data-source), and where its click handler goes. */
export type Flows = [
  typeof formFields,
  typeof formKey,
  typeof captureForm,
  typeof record,
  typeof reads,
  typeof words,
  typeof kept,
  typeof merge,
  typeof save,
  typeof waits,
  typeof arrived,
  typeof decided,
  boolean,
  string | undefined,
  (onClick: (path: EventTarget[]) => void) => void,
];
/** The click handler of wizards and formless flows, once /flows.js is there: it takes a click's composed path. */
let clicks: ((path: EventTarget[]) => void) | undefined;
let asked: unknown;
/** Clicks made after /flows.js was asked for and before it arrived, handled once it is there (with the values then). */
const early: EventTarget[][] = [];
/** The form's first plain button, if any: a wizard's "Next", or a final button whose handler posts with fetch. */
const plain = (form: HTMLFormElement) => P.querySelector.call(form, '[type=button],[role=button]');
/** Unless data-formless="off", a field to type in outside any form (text, textarea, e-mail, tel, number, url): a formless
 * flow's. */
const loose = (el: HTMLInputElement) => formless && !el.form && /^(te|em|nu|ur)/.test(el.type) && !el.closest('[role=search]');

/** Loads /flows.js, once, on a page where a click can be a wizard's step or a flow's final action. Once the page is idle
 * (index.ts), `el` is its forms' markup, in which a plain button shows as ` type="button"` or ` role="button"`:
 * serialised anyway for the word lists, so testing it costs microseconds where a query costs its first parse and a loop
 * over the fields ~1 ms of load. After that, `el` is the element each focus or click lands on: a field to type in
 * outside any form (a formless flow's visitor types before clicking), or a control of a form with a plain button (a
 * wizard mounted later, in a modal or by a router; a click on a radio or a button, which Safari does not focus). */
export function flows(el: HTMLInputElement | string): void {
  if (!asked && (typeof el == 'string' ? / (type|role)="button"/i.test(el) : el.form ? plain(el.form) : loose(el))) {
    asked = 1;
    ((window as unknown as { prospectBeacon?: { _f?: Flows } }).prospectBeacon || {})._f = [
      formFields,
      formKey,
      captureForm,
      record,
      reads,
      words,
      kept,
      merge,
      save,
      waits,
      arrived,
      decided,
      formless,
      source,
      (f) => early.splice(0).forEach((clicks = f)),
    ];
    addScript('flows.js');
  }
}

/** A form element's capture. `manual` (prospectBeacon.capture) skips the data-forms allow-list. */
export function captureForm(form: HTMLFormElement, submitter?: HTMLElement | null, manual?: boolean, submit?: boolean): string | undefined {
  // A form with data-pb-ignore, or matching data-exclude, yields no fields (fields.ts), hence no capture.
  if (manual || !forms || P.matches.call(form, forms)) {
    // attr(), not form.id / form.action: an input named "id" or "action" shadows those properties. data-pb-source
    // and data-pb-type set the log's source and type: each attribute goes by its last word (a loop: 8 B less gzip).
    const f: { [k: string]: string | undefined } = { key: formKey(form) };
    for (const n of 'id name action method data-pb-source data-pb-type'.split(' ')) f[n.split('-').pop()!] = attr(form, n);
    return record(formFields(form, submitter || null), f, source, !manual, submit);
  }
}

export function listen(guard: <F extends (...a: never[]) => unknown>(fn: F) => F): void {
  // Every submit event is an attempt, whatever its button says ("Continue" ends many one-page checkouts): the
  // worker merges a form's attempts in a visit into one lead. Steps are the clicks of plain buttons (flows.ts).
  const onSubmit = guard((e: Event) => e.target instanceof HTMLFormElement && captureForm(e.target, (e as SubmitEvent).submitter, false, true));
  // `submit` does not cross a shadow boundary; `focusin` and `click` do, and their paths name the open roots the
  // visitor is in (a click too: Safari on macOS does not focus a button it clicks, so an autofilled form sent with
  // the mouse has no focusin). Adding the same listener again is a no-op: no bookkeeping needed.
  const hookRoots = (e: Event) => {
    for (const n of e.composedPath()) if (n instanceof ShadowRoot) n.addEventListener('submit', onSubmit, true);
  };
  document.addEventListener('submit', onSubmit, true);
  document.addEventListener(
    'click',
    guard((e: Event) => {
      hookRoots(e);
      // Until /flows.js is there, a click on a control of a form with a plain button asks for it, and every click waits
      // for it once it is asked for.
      const path = e.composedPath();
      clicks ? clicks(path) : (flows(path[0] as HTMLInputElement), asked && early.push(path));
    }),
    true,
  );
  // After the first focus, once the page is idle, the snippet reads the touches and wizard steps a capture will need:
  // the first access to each storage waits on the browser process, 1-5 ms in Chromium, better spent while the visitor
  // starts typing than at load or at submit, and never inside the focus itself, which is part of the visitor's click
  // or tap. So does a first run of the field rules (their regular expressions compile then) and of crypto: the focused
  // form is read once, its values dropped, and an id made and dropped. Nothing is kept or sent. A form (or, outside any
  // form, a page) written in the scripts of /words.js asks for it then, if it has not yet.
  let warm: unknown;
  document.addEventListener(
    'focusin',
    guard((e: Event) => {
      hookRoots(e);
      flows(e.composedPath()[0] as HTMLInputElement);
      const f = (e.target as HTMLInputElement).form;
      warm ||
        ((warm = 1),
        (window.requestIdleCallback || setTimeout)(
          guard(() => (recordTouch(), kept(), need((f || document.body).textContent!), f && formFields(f, null), rid())),
        ));
    }),
    true,
  );

  // form.submit() fires no submit event: wrap it, then let the site's call go ahead untouched.
  const proto = HTMLFormElement.prototype;
  const submit = proto.submit;
  proto.submit = function (this: HTMLFormElement) {
    guard(captureForm)(this);
    return submit.call(this);
  };
}
