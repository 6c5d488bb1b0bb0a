// The snippet's button words in Cyrillic, Devanagari, Japanese and Chinese; their Latin-script lists are in
// snippet/fields.ts (sign-in, sign-up) and snippet/flows.ts (step, final action). They travel in /words.js (snippet/words.ts) with the never-sent rule's
// words in those scripts (common/sensitive.ts), loaded only on pages that show text in those scripts.

export const SIGN_IN_SCRIPTS = /登錄|ログイン|登录|войти|लॉग/i;
export const SIGN_UP_SCRIPTS = /登録|注册|註冊|регистр/i;
export const SUBMIT_SCRIPTS =
  /डाउन|予約|सदस्य|भेज|註冊|預約|सबमिट|下載|联系|预约|下载|提交|訂閱|подпис|发送|登録|注册|订阅|ダウンロ|送信|發送|申し?込|聯繫|संपर्क|отправ|заказ|связ|скача|問い?合/i;
export const STEP_SCRIPTS = /继续|繼續|次へ|далее|आगे|продолж|下一步/i;
