// What follows from the board's sources and learning
// (docs/views-followup.md): "you said, we did" (voice of the child and
// service-user feedback, the learning and actions each led to), the policy
// and procedure register, who has not disseminated or assured each learning
// item, the progress of each priority's actions, and each action plan's
// six-monthly report to the board.
import { figureCards } from '../components/figures.js';
import { nameOf, readable } from '../page/names.js';
import { date, named, number, state, title } from './columns.js';
import { listTable } from './generic.js';

/** [label, value] pairs without the empty ones, for a row's details. */
function details(pairs) {
  return pairs.filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
}

/** What a voice or feedback record is about, in words. */
function heardTitle(row) {
  return row.kind === 'feedback' ? `Feedback about ${readable(row.title).toLowerCase()}` : row.title;
}

export const youSaidWeDid = {
  name: 'you_said_we_did',
  title: 'You said, we did',
  render(view, ctx) {
    const body = [
      figureCards([], [['total', view.total], ['led_to_nothing', view.led_to_nothing], ['learning_items', view.learning_items],
        ['actions', view.actions], ['actions_complete', view.actions_complete]], {
        labels: { total: 'Records of what was said', led_to_nothing: 'Led to nothing yet', actions: 'Actions',
          actions_complete: 'Actions complete' },
        alerts: new Set(['led_to_nothing']),
      }),
      figureCards(['by_kind'], view.by_kind || {}, { title: 'By kind', labels: { voice: 'Voice of the child', feedback: 'Service-user feedback' } }),
      figureCards(['by_outcome'], view.by_outcome || {}, { title: 'What it led to' }),
      listTable(view, 'records', view.records || [], ctx, {
        title: 'What children and families said, and what was done',
        columns: [{ key: 'title', label: 'You said', value: heardTitle, sort: heardTitle },
          named('agency', 'Agency'), date('on', 'On'), state('outcome', 'We did')],
        detail: (row) => details([
          ['Summary', row.summary],
          ['People', row.people],
          ['Themes', row.themes],
          ['Sentiment', row.sentiment],
          ['Learning', (row.learning || []).map((l) => `${l.title} (${readable(l.status)})`)],
          ['Actions', (row.learning || []).flatMap((l) => l.actions || [])
            .map((a) => `${a.title}: ${readable(a.status)}${a.overdue ? ', overdue' : ''}`)],
          ['Corrections', row.corrections],
          ['Reference', row.stream],
        ]),
      }),
    ];
    if ((view.learning_without_record || []).length) {
      body.push(listTable(view, 'learning_without_record', view.learning_without_record, ctx, {
        title: 'Learning that names a record not held',
        columns: [title('title', 'Learning'), { key: 'source', label: 'Source named', value: (r) => (r.source && r.source.stream) || '—' }],
      }));
    }
    return { body };
  },
};

export const policies = {
  name: 'policies',
  title: 'Policies and procedures',
  render(view, ctx) {
    return {
      body: [
        figureCards([], [['total', view.total]], { labels: { total: 'Policies and procedures' } }),
        figureCards(['by_status'], view.by_status || {}, { title: 'By status', labels: { requested: 'Review requested' } }),
        figureCards(['by_trigger'], view.by_trigger || {}, { title: 'Reviews asked for by' }),
        listTable(view, 'policies', view.policies || [], ctx, {
          title: 'Policy and procedure register',
          columns: [title('title', 'Policy or procedure'), state('status', 'Status'), date('requested_on', 'Review asked'),
            date('revised_on', 'Revised')],
          detail: (row) => details([
            ['Held by', row.owner],
            ['Asked for by', (row.requests || []).map((r) => {
              const t = r.trigger || {};
              const what = t.title || (t.stream ? nameOf(t.stream) || t.stream : null);
              return `${readable(t.kind)}${what ? `: ${what}` : ''}${t.note ? ` (${t.note})` : ''}, ${readable(r.on)}`;
            })],
            ['Days open', row.days_open],
            ['Version', row.version],
            ['In force from', row.effective],
            ['Revisions', (row.revisions || []).map((r) => `${r.version}, ${readable(r.on)}: ${r.summary}`)],
            ['Corrections', row.corrections],
            ['Reference', row.stream],
          ]),
        }),
      ],
    };
  },
};

const count = (key, label) => number(key, label, (r) => (r[key] || []).length);

export const dissemination = {
  name: 'dissemination',
  title: 'Dissemination',
  render(view, ctx) {
    return {
      body: [
        figureCards([], [['total', view.total], ['presented', view.presented], ['fully_disseminated', view.fully_disseminated],
          ['fully_assured', view.fully_assured]], {
          labels: { total: 'Learning items', presented: 'Presented to the board', fully_disseminated: 'Spread by every agency',
            fully_assured: 'Assured embedded by every agency' },
        }),
        listTable(view, 'items', view.items || [], ctx, {
          title: 'Who has not spread or assured each learning item',
          columns: [title('title', 'Learning'), count('not_disseminated', 'Not spread'), count('not_assured', 'Not assured')],
          detail: (row) => details([
            ['Presented to the board', row.presented ? row.presented_at : 'Not yet'],
            ['Spread by', row.disseminated_by],
            ['Not spread by', row.not_disseminated],
            ['Assured by', row.assured_by],
            ['Not assured by', row.not_assured],
            ['Corrections', row.corrections],
            ['Reference', row.stream],
          ]),
        }),
        listTable(view, 'agencies', view.agencies || [], ctx, {
          title: 'By agency',
          columns: [named('agency', 'Agency'), number('expected', 'Expected'), number('not_disseminated', 'Not spread'),
            number('not_assured', 'Not assured')],
        }),
      ],
    };
  },
};

export const priorities = {
  name: 'priorities',
  title: 'Priorities',
  render(view, ctx) {
    return {
      body: [
        figureCards([], [['total', view.total], ['actions_without_priority', view.actions_without_priority]], {
          labels: { total: 'Priorities', actions_without_priority: 'Actions with no priority' },
        }),
        listTable(view, 'priorities', view.priorities || [], ctx, {
          title: 'Progress of each priority',
          columns: [title('title', 'Priority'), number('actions', 'Actions'), number('complete_percent', 'Complete'),
            number('overdue', 'Overdue')],
          detail: (row) => details([
            ['Status', row.status],
            ['Expected impact', row.expected_impact],
            ['By status', row.by_status],
            ['By RAG rating', row.by_rag],
            ['No progress for six months', row.progress_stale],
            ['Overdue actions', (row.overdue_actions || []).map((a) => nameOf(a) || a)],
            ['Plans', row.plans],
            ['Corrections', row.corrections],
            ['Reference', row.stream],
          ]),
        }),
        ...((view.unknown_priority || []).length ? [listTable(view, 'unknown_priority', view.unknown_priority, ctx, {
          title: 'Actions naming a priority never set',
          columns: [{ key: 'priority', label: 'Priority named' }, number('actions', 'Actions')],
        })] : []),
      ],
    };
  },
};

export const planReports = {
  name: 'plan_reports',
  title: 'Action plan reports',
  render(view, ctx) {
    const body = [
      figureCards(['summary'], view.summary || {}, { title: 'Six-monthly reports owed', alerts: new Set(['overdue']) }),
      listTable(view, 'obligations', view.obligations || [], ctx, {
        title: 'Reports owed to the board',
        columns: [named('plan', 'Plan'), named('period', 'Period'), date('due', 'Due'), state('status', 'Status'),
          date('received_on', 'Received')],
      }),
      listTable(view, 'reports', view.reports || [], ctx, {
        title: 'Reports presented',
        columns: [title('title', 'Report'), named('plan', 'Plan'), date('meeting', 'Meeting')],
      }),
    ];
    if ((view.unmatched_reports || []).length) {
      body.push(listTable(view, 'unmatched_reports', view.unmatched_reports, ctx, {
        title: 'Reports on a plan not held',
        columns: [title('title', 'Report'), { key: 'subject', label: 'Plan named' }, date('meeting', 'Meeting')],
      }));
    }
    return { body };
  },
};
