'use strict';
// Sweeps section of the console (decision 106): every sweep, its trials and winner, a link to its comparison report.
// Uses console.js's helpers (el, getJson, send, tell, details, pct, authorization, showAccessProblem); loaded after it.

const openSweeps = new Set(); // sweeps whose trial table is open
const SWEEPS_EVERY_MS = 10000;

const augmentationText = (a) => (a == null ? 'default' : (a.length ? a.join('+') : 'none'));
const orDefault = (x) => (x == null ? 'default' : String(x));

/** The trials of one sweep, furthest rung first, then best validation accuracy (as the report ranks them). */
function sweepTrialsTable(sweep) {
  const last = (t) => (t.runs && t.runs.length ? t.runs[t.runs.length - 1] : null);
  const trials = [...(sweep.trials || [])].sort((a, b) => {
    const ra = last(a); const rb = last(b);
    return ((rb ? rb.rung : -1) - (ra ? ra.rung : -1))
      || (((rb && rb.validationAccuracy) ?? -1) - ((ra && ra.validationAccuracy) ?? -1));
  });
  const table = el('table', { class: 'sweep-trials' });
  const head = el('tr');
  for (const h of ['trial', 'learning rate', 'batch', 'architecture', 'augmentation', 'rung', 'status',
    'validation accuracy', 'note']) head.append(el('th', {}, h));
  const thead = el('thead');
  thead.append(head);
  const tbody = el('tbody');
  table.append(thead, tbody);
  for (const t of trials) {
    const run = last(t) || {};
    const p = t.parameters || {};
    const tr = el('tr', { 'data-trial': String(t.index) });
    if (sweep.winner === t.index) tr.classList.add('winner');
    tr.append(el('td', {}, String(t.index) + (sweep.winner === t.index ? ' (winner)' : '')),
      el('td', {}, orDefault(p.learningRate)), el('td', {}, orDefault(p.batchSize)),
      el('td', {}, orDefault(p.architecture)), el('td', {}, augmentationText(p.augmentation)),
      el('td', {}, run.rung == null ? '–' : `${run.rung + 1} of ${sweep.rungs}`),
      el('td', {}, run.status || '–'), el('td', {}, pct(run.validationAccuracy)),
      el('td', {}, run.reason || ''));
    tbody.append(tr);
  }
  return table;
}

/** The report is fetched with the token (a plain link would go without it) and saved, as a job's report is. */
async function openSweepReport(event, id) {
  if (!authorization().Authorization) return;
  event.preventDefault();
  const response = await fetch(`/sweeps/${encodeURIComponent(id)}/report`, { headers: authorization() });
  if (!response.ok) {
    showAccessProblem(response.status, {});
    tell('sweeps-status', `report of sweep ${id}: answered ${response.status}`, 'bad');
    return;
  }
  const url = URL.createObjectURL(new Blob([await response.arrayBuffer()], { type: 'text/html' }));
  const save = el('a', { href: url, download: `sweep-${id}.html` });
  document.body.append(save);
  save.click();
  save.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function cancelSweep(summary) {
  if (!confirm(`Cancel sweep ${summary.id} of ${summary.model}? Its queued and running jobs are cancelled;`
    + ' the sweep is kept, cancelled, with its trials and report.')) return;
  const { status, answer } = await send('DELETE', '/sweeps/' + encodeURIComponent(summary.id));
  if (status !== 200) {
    tell('sweeps-status', `sweep ${summary.id}: ${answer.error || 'answered ' + status}`, 'bad');
    return;
  }
  tell('sweeps-status', `sweep ${summary.id} ${answer.reason || 'cancelled'}`, 'ok');
  await loadSweeps();
}

function sweepWinnerText(s) {
  if (s.winner == null) return '–';
  const version = s.winnerVersion ? ` → ${s.model} version ${s.winnerVersion}` : ' (training)';
  return `trial ${s.winner}${version}${s.promoted ? ', promoted' : (s.promoted === false ? ', not promoted' : '')}`;
}

async function loadSweeps() {
  const rows = [];
  for (const s of await getJson('/sweeps')) {
    const tr = el('tr', { 'data-sweep': s.id });
    const trials = el('td');
    trials.append(details(openSweeps, s.id, `${s.trials} trials`, async (box) => {
      box.querySelector('table')?.remove();
      box.append(sweepTrialsTable(await getJson('/sweeps/' + encodeURIComponent(s.id))));
    }));
    const actions = el('td');
    const report = el('a', { href: `/sweeps/${encodeURIComponent(s.id)}/report` }, 'comparison report');
    report.addEventListener('click', (event) => openSweepReport(event, s.id));
    actions.append(report);
    if (s.status === 'RUNNING') actions.append(actionButton('cancel', () => cancelSweep(s), 'cancel-sweep'));
    tr.append(el('td', {}, s.id), el('td', {}, `${s.model} on ${s.dataset}`),
      el('td', { title: s.reason || '' }, s.status + (s.reason && s.status !== 'COMPLETED' ? ': ' + s.reason : '')),
      el('td', {}, `${s.rung + 1} of ${s.rungs}`), trials, el('td', {}, sweepWinnerText(s)), actions);
    rows.push(tr);
  }
  document.querySelector('#sweeps tbody')
    .replaceChildren(...(rows.length ? rows : [emptyRow(7, 'No sweeps yet.')]));
}

tokenInput.addEventListener('change', () => loadSweeps().catch((e) => console.warn(e)));
loadSweeps().catch((e) => console.warn(e));
setInterval(() => loadSweeps().catch((e) => console.warn(e)), SWEEPS_EVERY_MS);
