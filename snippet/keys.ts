// The keys that tie attempts together: the form's identity on its page, and the visit (one browser tab).
// Neither identifies a person: a form key names markup, a visit key is random and dies with the tab.

/** The form's identity on its page: its id, else its name, else its action's path, else its position among the
 * page's forms ("form-2"). A formless flow passes its container, keyed the same way ("flow-0" by position). */
export function formKey(el: Element, prefix = 'form'): string {
  const a = (n: string) => el.getAttribute(n);
  const action = a('action');
  return (
    a('id') ||
    a('name') ||
    (action && new URL(action, location.href).pathname) ||
    prefix + '-' + [].indexOf.call(document.querySelectorAll(el.tagName), el as never)
  );
}
