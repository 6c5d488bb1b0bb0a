// htmx: the form in pages.ts carries hx-post and hx-target; importing htmx is all the script there is.
import 'htmx.org';
