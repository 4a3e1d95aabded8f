// Words and numbers as a board member reads them (docs/web.md, "Plain
// words"): identifiers become words ("not_met" -> "Not met"), dates are
// written out ("9 February 2026"), percentages get "%", and keys get labels
// ("owner_agency" -> "Owner"). Names of agencies, areas, plans and so on come
// from the core's names view (page/names.js). Pure (no DOM).

// Labels of keys where humanise() would not read well.
const KEY_WORDS = {
  rag: 'RAG rating',
  by_rag: 'By RAG rating',
  owner_agency: 'Owner',
  lead_agency: 'Lead agency',
  agency: 'Agency',
  stream: 'Reference',
  days_overdue: 'Days overdue',
  due: 'Due',
  original_due: 'First due date',
  due_revised: 'Due date revised',
  last_progress: 'Latest progress',
  last_progress_on: 'Latest progress on',
  progress_stale: 'No progress for six months',
  progress_updates: 'Progress updates',
  evidence_of_impact: 'Evidence of impact',
  completed_late: 'Completed late',
  signed_off_on: 'Signed off on',
  closed_percent: 'Loops closed',
  exception_count: 'Exceptions',
  indicator_id: 'Indicator',
  own_is: 'Own area is',
  judged_on: 'Deadlines judged on',
  as_of: 'As of',
  cspr_2018: 'CSPR (2018)',
  received_on: 'Received on',
  owner_kind: 'Owner is',
  mean_before_pct: 'Mean before',
  mean_after_pct: 'Mean after',
  change_pct: 'Change',
  good_or_better: 'Good or better',
  cases_graded: 'Cases graded',
  planned_cases: 'Cases planned',
  not_returned: 'Not returned',
  missing_standards: 'Missing standards',
  working_days_left: 'Working days left',
  near_deadline: 'Near deadline',
  overdue_presentations: 'Overdue presentations',
  reviews_near_deadline: 'Case reviews overdue or near a deadline',
  indicator_exceptions: 'Indicator exceptions',
  overdue_actions: 'Overdue actions',
  red_actions: 'Red actions not complete',
  overdue_reports: 'Overdue assurance reports',
  stale_actions: 'Actions without progress for six months',
  learning_items: 'Learning items',
  loops_closed: 'Learning loops closed',
  led_to_nothing: 'Led to nothing yet',
  complete_percent: 'Complete',
  not_disseminated: 'Not spread',
  not_assured: 'Not assured',
  disseminated_by: 'Spread by',
  assured_by: 'Assured by',
  by_outcome: 'What it led to',
  by_trigger: 'Reviews asked for by',
};

// Words for values where humanise() would not read well.
const VALUE_WORDS = {
  rag: 'RAG', cspr_2018: 'Child safeguarding practice review (2018)', scr_2015: 'Serious case review (2015)',
  not_met: 'Not met', not_hold: 'Not to hold', hold: 'To hold', lcspr: 'Local child safeguarding practice review',
  threshold_breach: 'Past the threshold', worse_than_national: 'Worse than England',
  worsening_two_quarters: 'Worse two quarters running', lower_is_better: 'Lower is better',
  higher_is_better: 'Higher is better', in_progress: 'In progress', signed_off: 'Signed off',
  received_late: 'Received late', arrived_late: 'Arrived late', single_agency: 'Single agency',
  multi_agency: 'Multi-agency', subgroup: 'Sub-group', pmf: 'Performance report', s11: 'Section 11',
  section11: 'Section 11', hmip: 'HM Inspectorate of Probation', cqc: 'Care Quality Commission',
  ofsted: 'Ofsted', jtai: 'Joint targeted area inspection', not_started: 'Not started',
  not_assessed: 'Not assessed', not_hold_against_criteria: 'Not held, against the criteria',
  decision_against_criteria_without_rationale: 'Decided against the criteria without a rationale',
  action_plan: 'Action plan', per_delegate: 'Per delegate', per_course: 'Per course',
  identified: 'Identified', impact_evidenced: 'Impact evidenced', embedded: 'Embedded',
  acted_on: 'Acted on', learning_only: 'Learning, no action yet', nothing: 'Nothing yet',
  tees_procedures_group: 'Tees procedures group', national_guidance: 'National guidance',
  agency_request: 'Agency request', service_user_feedback: 'Service-user feedback',
  voice_of_child: 'Voice of the child',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

/** "case_review" -> "Case review". */
export function humanise(identifier) {
  const text = String(identifier);
  if (Object.prototype.hasOwnProperty.call(VALUE_WORDS, text)) return VALUE_WORDS[text];
  const words = text.replace(/[_-]+/g, ' ').replace(/\./g, ': ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The label of a key: "owner_agency" -> "Owner", "by_status" -> "By status". */
export function keyLabel(key) {
  const last = String(key).split('.').pop();
  return KEY_WORDS[last] || humanise(last);
}

/** True for an identifier-like value: lower case words joined by _ or -. */
export function isCode(text) {
  return typeof text === 'string' && /^[a-z0-9]+(?:[_-][a-z0-9]+)*$/.test(text) && /[a-z]/.test(text);
}

/** True for a stream id ("action/a00016"). */
export function isStream(text) {
  return typeof text === 'string' && /^[a-z][a-z0-9-]*\/[A-Za-z0-9._-]+$/.test(text);
}

/** "2026-02-09" -> "9 February 2026"; other text as it is. */
export function formatDate(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return text;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** "2026-02-09T16:22:35.421Z" -> "9 February 2026 at 16:22 UTC". */
export function formatTimestamp(text) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z$/.exec(text);
  if (!m) return text;
  return `${formatDate(m[1])} at ${m[2]} UTC`;
}

/** "2026-Q1" -> "Jan to Mar 2026"; "2026-H1" -> "Jan to Jun 2026". */
export function formatPeriod(text) {
  const q = /^(\d{4})-Q([1-4])$/.exec(text);
  if (q) return `${['Jan to Mar', 'Apr to Jun', 'Jul to Sep', 'Oct to Dec'][Number(q[2]) - 1]} ${q[1]}`;
  const h = /^(\d{4})-H([12])$/.exec(text);
  if (h) return `${h[2] === '1' ? 'Jan to Jun' : 'Jul to Dec'} ${h[1]}`;
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m) return `${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  return text;
}

/** A number with grouped thousands; at most 2 decimals. */
export function formatNumber(n) {
  return n.toLocaleString('en-GB', { maximumFractionDigits: 2 });
}

/** True when a key's numbers are percentages. */
export function isPercentKey(key) {
  return /(?:_percent|_pct|percentage)$/.test(String(key).split('.').pop());
}

export function formatBytes(n) {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** A scalar as text: null is a dash, booleans Yes and No. */
export function scalarText(v) {
  if (v === null || v === undefined) return '—';
  if (v === true) return 'Yes';
  if (v === false) return 'No';
  return String(v);
}
