// The dead-letter panel: the list (reason, age), one opened with its job, and its Replay and Delete buttons.
import { api, type DeadLetterItem } from './api';
import { age, byId, h, table } from './dom';

interface Handlers {
  /** Reports an outcome in the status line, and reloads the panels a replay or delete changes. */
  done(message: string): Promise<void>;
  fail(err: unknown): void;
}

const path = (id: string) => `/dead-letters/${encodeURIComponent(id)}`;

/** 1,000: ten of the list route's 100-key pages (KV's list limit); past that, the status line says so. */
const MAX_LISTED = 1000;

export async function loadDeadLetters(box: HTMLElement, on: Handlers): Promise<void> {
  const deadLetters: DeadLetterItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await api<{ deadLetters: DeadLetterItem[]; cursor?: string }>('/dead-letters', cursor ? new URLSearchParams({ cursor }) : undefined);
    deadLetters.push(...page.deadLetters);
    cursor = page.cursor;
  } while (cursor && deadLetters.length < MAX_LISTED);
  deadLetters.sort((a, b) => b.deadAt.localeCompare(a.deadAt));
  const open = (d: DeadLetterItem) =>
    h('button', { type: 'button', class: 'link', 'data-open': d.captureId, 'aria-label': `Open dead letter ${d.captureId}` }, 'Open');
  box.replaceChildren(
    table(
      cursor ? `The first ${deadLetters.length} dead letters (more are stored), newest first` : 'Dead letters, newest first',
      [
        { label: 'Capture', value: (d) => d.captureId, show: (d) => h('code', {}, d.captureId) },
        { label: 'Reason', value: (d) => d.reason },
        { label: 'HTTP status', value: (d) => d.status ?? null, numeric: true },
        { label: 'Attempts', value: (d) => d.attempts, numeric: true },
        { label: 'Age', value: (d) => d.deadAt, show: (d) => h('time', { datetime: d.deadAt }, age(d.deadAt)) },
        { label: '', value: () => '', show: open },
      ],
      deadLetters,
      'No dead letters: every capture was delivered or is still being tried.',
    ),
  );
  for (const b of box.querySelectorAll<HTMLButtonElement>('button[data-open]')) b.addEventListener('click', () => openLetter(b.dataset.open!, on));
}

async function openLetter(id: string, on: Handlers): Promise<void> {
  const detail = byId('dead-detail');
  try {
    const letter = await api<Record<string, unknown> & { job?: unknown }>(path(id));
    const { job, ...meta } = letter;
    const replay = h('button', { type: 'button' }, 'Replay');
    const del = h('button', { type: 'button', class: 'danger' }, 'Delete');
    const heading = h('h3', { tabindex: '-1' }, 'Dead letter ', h('code', {}, id));
    detail.replaceChildren(
      h(
        'div',
        { class: 'detail' },
        heading,
        h('pre', { tabindex: '0', 'aria-label': 'Dead letter details' }, JSON.stringify(meta, null, 2)),
        h('h4', {}, 'Job that a replay sends'),
        h('pre', { tabindex: '0', 'aria-label': 'Job' }, JSON.stringify(job ?? null, null, 2)),
        h('div', { class: 'row actions' }, replay, del),
      ),
    );
    heading.focus();
    replay.addEventListener('click', () => act(id, 'replay', on));
    del.addEventListener('click', () => {
      // A delete cannot be undone: the job is gone from KV, so the lead is lost unless sent again by hand.
      if (confirm(`Delete dead letter ${id}? Its job is removed for good.`)) void act(id, 'delete', on);
    });
  } catch (err) {
    on.fail(err);
  }
}

async function act(id: string, what: 'replay' | 'delete', on: Handlers): Promise<void> {
  try {
    if (what === 'replay') await api(`${path(id)}/replay`, undefined, 'POST');
    else await api(path(id), undefined, 'DELETE');
    byId('dead-detail').replaceChildren();
    await on.done(what === 'replay' ? `Dead letter ${id} replayed: it is back on the delivery queue.` : `Dead letter ${id} deleted.`);
    byId('dead-h').focus();
  } catch (err) {
    on.fail(err);
  }
}
