// An item's history: every event of its stream in the bundle, oldest first,
// in the history panel (#history).
import { tableSection } from '../components/table.js';
import { $ } from './dom.js';
import { markView } from './trust.js';
import { ask } from './worker_client.js';

export async function showHistory(stream) {
  const answer = await ask({ op: 'history', stream });
  if (answer.error) {
    $('history-summary').textContent = `No history: ${answer.error.message}`;
    $('history-body').replaceChildren();
  } else {
    const rows = answer.events.map((e) => ({
      position: e.position,
      recorded_at: e.recorded_at,
      occurred_at: e.occurred_at ?? null,
      type: e.type,
      actor: e.actor,
      agency: e.agency ?? null,
      data: e.data,
    }));
    $('history-heading').textContent = `History of ${stream}`;
    $('history-summary').textContent =
      `${rows.length} ${rows.length === 1 ? 'event' : 'events'} recorded in this bundle, oldest first.`;
    $('history-body').replaceChildren(tableSection({
      name: 'events', title: 'Events', rows, csvName: `history-${stream.replace(/\//g, '-')}`,
      columns: [{ key: 'position', label: 'Position', value: (r) => String(r.position) }, { key: 'recorded_at', label: 'Recorded' },
        { key: 'type', label: 'Event', value: (r) => r.type }, { key: 'agency', label: 'Agency' }],
    }));
    // Unverified data says so here too.
    markView($('history-body'));
  }
  $('history').hidden = false;
  $('history-heading').focus();
}

export function hideHistory() {
  $('history').hidden = true;
  $('history-body').replaceChildren();
}

export function startHistory(onClose) {
  $('history-close').addEventListener('click', () => {
    $('history').hidden = true;
    onClose();
  });
}
