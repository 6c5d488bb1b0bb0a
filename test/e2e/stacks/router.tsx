// A single-page site on React Router (declarative mode), as marketing sites built on it are: a home page without a
// form, a contact page whose form is mounted by the route change, a thank-you route the form navigates to.
import { type FormEvent, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link, Route, Routes, useNavigate } from 'react-router';

/** The app lives under its own path prefix (the test's), read from where the page was loaded. */
const base = location.pathname.split('/').slice(0, 2).join('/');

function Contact() {
  const navigate = useNavigate();
  const send = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    await fetch('/api/lead', { method: 'POST', body: new FormData(e.currentTarget) });
    navigate('/thanks');
  };
  return (
    <form id="contact" onSubmit={send}>
      <label>
        Work e-mail <input name="email" type="email" />
      </label>
      <label>
        Company <input name="company" />
      </label>
      <button type="submit">Talk to sales</button>
    </form>
  );
}

function App() {
  return (
    <>
      <nav>
        <Link to="/">Home</Link> <Link to="/contact">Contact</Link>
      </nav>
      <Routes>
        <Route path="/" element={<h1>Welcome</h1>} />
        <Route path="/contact" element={<Contact />} />
        <Route path="/thanks" element={<p className="done">Thanks, we will be in touch.</p>} />
      </Routes>
    </>
  );
}

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <BrowserRouter basename={base}>
      <App />
    </BrowserRouter>
  </StrictMode>,
);
