// Vue 3 as its docs write a form: v-model on each input, a placeholder for a label, no name and no id; the
// in-DOM template (see pages.ts) is compiled at runtime, as with Vue from a CDN.
import { createApp, ref } from 'vue';

createApp({
  setup() {
    const fullName = ref('');
    const email = ref('');
    const phone = ref('');
    const done = ref(false);
    async function send() {
      const res = await fetch('/api/lead', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fullName: fullName.value, email: email.value, phone: phone.value }),
      });
      done.value = res.ok;
    }
    return { fullName, email, phone, done, send };
  },
}).mount('#app');
