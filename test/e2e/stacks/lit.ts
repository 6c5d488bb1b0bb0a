// A Lit element with its form in its shadow root, submit handled by the element, posted with fetch.
import { LitElement, html } from 'lit';

class LeadSignup extends LitElement {
  static override properties = { done: { state: true } };
  // Declared, set in the constructor: a class field would shadow the reactive accessor Lit defines (lit.dev,
  // "Avoiding issues with class fields").
  declare done: boolean;

  constructor() {
    super();
    this.done = false;
  }

  async send(e: SubmitEvent) {
    e.preventDefault();
    const res = await fetch('/api/lead', { method: 'POST', body: new FormData(e.target as HTMLFormElement) });
    this.done = res.ok;
  }

  override render() {
    if (this.done) return html`<p class="done">Thanks, we will be in touch.</p>`;
    return html`<form @submit=${this.send}>
      <label for="name">Full name</label><input id="name" name="name" autocomplete="name">
      <label for="email">Work e-mail</label><input id="email" name="email" type="email" autocomplete="email">
      <label for="phone">Phone</label><input id="phone" name="phone" type="tel" autocomplete="tel">
      <button type="submit">Book a demo</button>
    </form>`;
  }
}
customElements.define('lead-signup', LeadSignup);
