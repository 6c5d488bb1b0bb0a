// Wizards and formless flows. A click on a button decides whether the values around it are a step (kept in the
// browser until the flow's final submit; never sent if the visitor never submits) or a final action (captured
// like a submit). No word list in the browser could be shorter: the decision must be made before anything leaves.
import { formless, source } from './config';
import { type Field, type Fields, formFields, words } from './fields';
import { formKey } from './keys';
import { captureForm, record } from './capture';
import { load, save } from './storage';

/** A final action, in the worker's label languages (en, de, fr, es, pt, it, nl, ja, zh, ru, hi, id), by stems
 * several languages share: "envi" is enviar and envoyer, "[ck]onta" contact, Kontakt, contatto, contato. The order of
 * the words here and in STEP is for gzip, like common/sensitive.ts's (40 B): an alternation's order changes no match. */
const SUBMIT =
  /[ck]onta|boek|問い?合|下載|invia|डाउन|予約|envi|सदस्य|सबमिट|संपर्क|भेज|註冊|demand|預約|envoy|submit|get.?sta|kirim|baix|\bbook|unduh|abbon|訂閱|prenot|sub?scri|iscriv|daftar|charg|descarg|scaric|联系|join|aanmeld|richied|预约|下载|提交|聯繫|buch|abonn|aanvra|подпис|发送|登録|注册|订阅|ダウンロ|r.serv|[úu]net|hubungi|request|soumet|herunt|solicit|sign.?up|regist|cadastr|送信|發送|申し?込|отправ|заказ|связ|скача|langganan|send|verzend|verstuur|inscr|assin|anfrag|download/i;
/** A step: next and continue words. */
const STEP = /weiter|繼續|далее|continu|pr.xim|berikut|siguiente|volgend|verder|继续|次へ|lanjut|suivant|продолж|下一步|आगे|next|avan./i;

let steps: { [key: string]: Field[] } | undefined;
/** Steps kept in this tab: memory, mirrored in sessionStorage for a step that navigates (lost where storage is
 * blocked). Read at first use. */
export const kept = (): { [key: string]: Field[] } => (steps = steps || load('pb_steps', true) || {});

/** Later values win by field name; fields only the earlier step had are kept (up to the field limit). */
export const merge = (before: Field[] | undefined, fields: Fields): Fields => (
  before && fields.unshift(...before.filter((f) => !fields.some((g) => g.name == f.name)).slice(0, 100 - fields.length)), fields
);

function keep(key: string, fields: Fields): void {
  const s = kept();
  s[key] = merge(s[key], fields);
  save('pb_steps', s, true);
}

const reads = (re: RegExp, el: Element) => re.test(words(el));

export function onClick(e: Event): void {
  const t = e.composedPath()[0] as Element;
  const btn = t.closest && t.closest('button,[type=button],[type=submit],[role=button]');
  if (!btn) return;
  const form = btn.closest('form');
  if (form) {
    // A submit button's own submit event decides (capture.ts); a plain button is a step, or a final action
    // whose handler posts with fetch.
    if ((btn as HTMLButtonElement).type != 'submit') reads(SUBMIT, btn) && !reads(STEP, btn) ? captureForm(form) : keep(formKey(form), formFields(form, null));
    return;
  }
  if (!formless) return;
  // The flow's container: the nearest element around the button that holds a control, at most 4 levels up (a
  // "Contact" button in the header is not the final action of a footer's newsletter box). A search box is no lead.
  // No form is around (see above), so no control can shadow box.querySelector: only forms expose controls as properties.
  let box: Element | null | false = btn;
  for (let i = 0; (box = i++ < 4 && box.parentElement) && !box.querySelector('input,select,textarea'); );
  if (!box || box.closest('[role=search]') || box.querySelector('[type=search]')) return;
  const key = formKey(box, 'flow');
  if (reads(STEP, btn)) keep(key, formFields(box, btn));
  else if (reads(SUBMIT, btn)) record(formFields(box, btn), { key }, source, true);
}
