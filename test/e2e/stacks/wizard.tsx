// A React wizard written the usual way: one <form>, the current step's fields only (past steps unmount, their
// values live in state), "Next" a type="button", the last step's submit posting everything with fetch.
import { type ChangeEvent, type FormEvent, useState } from 'react';
import { createRoot } from 'react-dom/client';

type Data = { fullName: string; email: string; company: string; phone: string };

function Field({ label, name, type = 'text', data, set }: { label: string; name: keyof Data; type?: string; data: Data; set: (d: Data) => void }) {
  return (
    <label>
      {label}
      <input name={name} type={type} value={data[name]} onChange={(e: ChangeEvent<HTMLInputElement>) => set({ ...data, [name]: e.target.value })} />
    </label>
  );
}

function Wizard() {
  const [step, setStep] = useState(1);
  const [data, setData] = useState<Data>({ fullName: '', email: '', company: '', phone: '' });
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await fetch('/api/lead', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });
    setDone(res.ok);
  };
  if (done) return <p className="done">Thanks, we will be in touch.</p>;
  return (
    <form id="wizard" onSubmit={submit}>
      <p>Step {step} of 2</p>
      {step === 1 ? (
        <>
          <Field label="Full name" name="fullName" data={data} set={setData} />
          <Field label="Work e-mail" name="email" type="email" data={data} set={setData} />
          {/* A key per button: without it React reuses this <button> for step 2's submit, and the click that
              renders step 2 ends on a submit button, submitting the form (a known React wizard bug). */}
          <button key="next" type="button" onClick={() => setStep(2)}>
            Next
          </button>
        </>
      ) : (
        <>
          <Field label="Company" name="company" data={data} set={setData} />
          <Field label="Phone" name="phone" type="tel" data={data} set={setData} />
          <button key="send" type="submit">
            Request a demo
          </button>
        </>
      )}
    </form>
  );
}

createRoot(document.getElementById('app')!).render(<Wizard />);
