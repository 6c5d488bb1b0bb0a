// Formik 2 with a Yup schema, as Formik's docs write it: <Formik validationSchema>, <Form>, <Field>, <ErrorMessage>.
import { ErrorMessage, Field, Form, Formik } from 'formik';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import * as Yup from 'yup';

const schema = Yup.object({
  fullName: Yup.string().required('Required'),
  email: Yup.string().email('Invalid e-mail').required('Required'),
  phone: Yup.string()
    .matches(/^\+?[\d\s().-]{8,}$/, 'Invalid phone')
    .required('Required'),
});

function LeadForm() {
  const [done, setDone] = useState(false);
  if (done) return <p className="done">Thanks, we will be in touch.</p>;
  return (
    <Formik
      initialValues={{ fullName: '', email: '', phone: '' }}
      validationSchema={schema}
      onSubmit={async (values) => {
        const res = await fetch('/api/lead', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(values) });
        setDone(res.ok);
      }}
    >
      <Form>
        <label htmlFor="fullName">Full name</label>
        <Field id="fullName" name="fullName" />
        <ErrorMessage name="fullName" component="p" className="error" />
        <label htmlFor="email">Work e-mail</label>
        <Field id="email" name="email" type="email" />
        <ErrorMessage name="email" component="p" className="error" />
        <label htmlFor="phone">Phone</label>
        <Field id="phone" name="phone" type="tel" />
        <ErrorMessage name="phone" component="p" className="error" />
        <button type="submit">Book a demo</button>
      </Form>
    </Formik>
  );
}

createRoot(document.getElementById('app')!).render(<LeadForm />);
