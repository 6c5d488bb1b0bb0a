// Alpine.js: the form in pages.ts is x-data with x-on:submit.prevent posting with fetch; this starts Alpine.
import Alpine from 'alpinejs';

(window as { Alpine?: unknown }).Alpine = Alpine;
Alpine.start();
