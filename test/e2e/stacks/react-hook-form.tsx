// react-hook-form 7 as its docs write a form: register() with required rules, handleSubmit posting with fetch.
// The page's `?view=login` is a sign-in form (current-password) beside a newsletter box instead.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useForm } from 'react-hook-form';

type Lead = { fullName: string; email: string; phone: string };

function LeadForm() {
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<Lead>();
  const [done, setDone] = useState(false);
  const onSubmit = async (data: Lead) => {
    const res = await fetch('/api/lead', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });
    setDone(res.ok);
  };
  if (done) return <p className="done">Thanks, we will be in touch.</p>;
  return (
    <form onSubmit={handleSubmit(onSubmit)}>
      <label htmlFor="fullName">Full name</label>
      <input id="fullName" {...register('fullName', { required: 'Your name is required' })} />
      {errors.fullName && <p role="alert">{errors.fullName.message}</p>}
      <label htmlFor="email">Work e-mail</label>
      <input id="email" type="email" {...register('email', { required: 'Your e-mail is required' })} />
      {errors.email && <p role="alert">{errors.email.message}</p>}
      <label htmlFor="phone">Phone</label>
      <input id="phone" type="tel" {...register('phone', { required: 'Your phone is required' })} />
      {errors.phone && <p role="alert">{errors.phone.message}</p>}
      <button type="submit">Book a demo</button>
    </form>
  );
}

function LoginPage() {
  const login = useForm<{ username: string; password: string }>();
  const news = useForm<{ email: string }>();
  const [status, setStatus] = useState('');
  const post = (what: string) => async (data: object) => {
    const res = await fetch('/api/lead', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });
    setStatus(res.ok ? what : 'error');
  };
  return (
    <>
      <form id="login" onSubmit={login.handleSubmit(post('signed-in'))}>
        <label htmlFor="username">E-mail</label>
        <input id="username" type="email" autoComplete="username" {...login.register('username', { required: true })} />
        <label htmlFor="password">Password</label>
        <input id="password" type="password" autoComplete="current-password" {...login.register('password', { required: true })} />
        <button type="submit">Sign in</button>
      </form>
      <form id="newsletter" onSubmit={news.handleSubmit(post('subscribed'))}>
        <label htmlFor="news-email">Get our newsletter</label>
        <input id="news-email" type="email" {...news.register('email', { required: true })} />
        <button type="submit">Subscribe</button>
      </form>
      <p className="status">{status}</p>
    </>
  );
}

createRoot(document.getElementById('app')!).render(new URLSearchParams(location.search).get('view') === 'login' ? <LoginPage /> : <LeadForm />);
