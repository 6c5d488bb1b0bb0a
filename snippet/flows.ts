// Wizards and formless flows: a second file, served by the worker at /flows.js, that the snippet loads only on a page
// showing one (snippet/capture.ts), so the pages of every other site never download it. A click on a button decides
// whether the values around it are a step (kept in the browser until the flow's final submit; never sent if the visitor
// never submits) or a final action (captured like a submit). No word list in the browser could be shorter: the decision
// must be made before anything leaves. It is handed the snippet's own field reading and captures on the site's
// prospectBeacon object, and hands back its click handler.
import type { Flows } from './capture';

/** A final action, in the worker's label languages (en, de, fr, es, pt, it, nl, ja, zh, ru, hi, id), by stems several
 * languages share: "envi" is enviar and envoyer, "[ck]onta" contact, Kontakt, contatto, contato. The words in other
 * scripts come with /words.js (snippet/scripts.ts). The order of the words here and in STEP is for gzip, like
 * common/sensitive.ts's: an alternation's order changes no match. */
const SUBMIT =
  /[ck]onta|boek|inscr|\bbook|invia|envoy|download|envi|get.?sta|kirim|baix|submit|unduh|abbon|prenot|sub?scri|iscriv|daftar|charg|descarg|scaric|assin|aanmeld|richied|buch|abonn|join|aanvra|r.serv|anfrag|demand|[úu]net|hubungi|request|solicit|soumet|herunt|sign.?up|regist|cadastr|langganan|send|verzend|verstuur/i;
/** A step: next and continue words. */
const STEP = /weiter|continu|pr.xim|berikut|suivant|siguiente|volgend|verder|lanjut|avan.|next/i;

const handed = ((window as unknown as { prospectBeacon?: { _f?: Flows } }).prospectBeacon || {})._f;
// No exception reaches the page: not from something else on the site's prospectBeacon, nor from the clicks made before
// this file arrived, which run inside done().
try {
  if (handed) {
    const [formFields, formKey, captureForm, record, reads, words, kept, merge, save, waits, arrived, decided, formless, source, done] = handed;

    const keep = (key: string, fields: ReturnType<typeof formFields>): void => {
      // Fields that wait for /words.js (fields.ts) join the step once it has decided them, never stored undecided; the
      // rest is kept now.
      if (waits(fields)) arrived.push(() => keep(key, fields));
      const s = kept();
      s[key] = merge(s[key], fields.filter(decided));
      save('pb_steps', s, true);
    };

    /** Whether the button reads as a step (`latin` STEP, rule 2 of the snippet's) or a final action (SUBMIT, rule 4): these
     * Latin-script words, else the snippet's rule, which holds the words in other scripts once /words.js is there and
     * fails closed before (fields.ts: a step, never a final action). */
    const says = (latin: RegExp, rule: number, el: Element, text = words(el)) => latin.test(text) || reads(rule, text);

    done((path: EventTarget[]) => {
      const t = path[0] as Element;
      const btn = t.closest && t.closest('button,[type=button],[type=submit],[role=button]');
      if (!btn) return;
      const form = btn.closest('form');
      if (form) {
        // A submit button's own submit event decides (capture.ts); a plain button is a step, or a final action
        // whose handler posts with fetch.
        if ((btn as HTMLButtonElement).type != 'submit')
          says(SUBMIT, 4, btn) && !says(STEP, 2, btn) ? captureForm(form) : keep(formKey(form), formFields(form, null));
        return;
      }
      if (!formless) return;
      // The flow's container: the nearest element around the button that holds a control, at most 4 levels up (a
      // "Contact" button in the header is not the final action of a footer's newsletter box). A search box is no lead.
      // No form is around (see above), so no control can shadow box.querySelector: only forms expose controls as properties.
      let box: Element | null | false = btn;
      for (let i = 0; (box = i++ < 4 && box.parentElement) && !box.querySelector('input,select,textarea'); );
      if (!box || box.closest('[role=search]') || box.querySelector('[type=search]')) return;
      const key = formKey(box, 'flow-');
      if (says(STEP, 2, btn)) keep(key, formFields(box, btn));
      else if (says(SUBMIT, 4, btn)) record(formFields(box, btn), { key }, source, true);
    });
  }
} catch {
  // the snippet's own guard would have swallowed it too
}
