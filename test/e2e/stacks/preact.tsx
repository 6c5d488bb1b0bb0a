/** @jsxImportSource preact */
// A formless flow in Preact: inputs in a <div>, a button whose onClick posts with fetch; no <form> anywhere.
import { render } from 'preact';
import { useState } from 'preact/hooks';

function Signup() {
  const [data, setData] = useState({ fullName: '', email: '', phone: '' });
  const [done, setDone] = useState(false);
  const bind = (key: keyof typeof data) => ({
    value: data[key],
    onInput: (e: Event) => setData({ ...data, [key]: (e.target as HTMLInputElement).value }),
  });
  const send = async () => {
    const res = await fetch('/api/lead', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });
    setDone(res.ok);
  };
  if (done) return <p class="done">Thanks, we will be in touch.</p>;
  return (
    <div class="signup">
      <label>
        Full name <input {...bind('fullName')} />
      </label>
      <label>
        Work e-mail <input type="email" {...bind('email')} />
      </label>
      <label>
        Phone <input type="tel" {...bind('phone')} />
      </label>
      <button type="button" onClick={send}>
        Request a demo
      </button>
    </div>
  );
}

render(<Signup />, document.getElementById('app')!);
