// Sightline console: lists runs, models, datasets and retrain bindings from the trainer's API, and redraws a
// run's curves whenever the trainer pushes one of its training events (server-sent events). Cancels runs,
// deletes models, sets bindings; imports and deletes datasets through the trainer's /console/api, which
// forwards to the configured dataset-service. Whatever a service says is shown as text. Every call carries
// the token of the header's field (kept in sessionStorage: this tab only), so the page works when reads
// are protected; the event stream is read with fetch because EventSource cannot send a header.
'use strict';

const TOKEN_KEY = 'sightline.token';
const tokenInput = document.getElementById('token');
const notice = document.getElementById('notice');

function authorization() {
  const token = (sessionStorage.getItem(TOKEN_KEY) || '').trim();
  return token ? { Authorization: 'Bearer ' + token } : {};
}

/** Says plainly why data is missing: no token, a token not accepted, or one without the role. */
function showAccessProblem(status, answer = {}) {
  if (status !== 401 && status !== 403) return;
  const why = status === 401
    ? (authorization().Authorization ? 'the token was not accepted' : 'reading needs a token: enter it above')
    : 'the token lacks a role this page needs';
  notice.textContent = why + ` (${status})` + (answer.error ? ': ' + answer.error : '');
  notice.hidden = false;
}

const runs = new Map(); // jobId -> job as GET /training-jobs/{id} returns it

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function svgEl(tag, attrs = {}) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** The response of a read; a refusal is shown when it is an access problem, and thrown. */
async function read(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json', ...authorization() } });
  if (!response.ok) {
    let answer = {};
    try { answer = await response.json(); } catch (e) { /* not JSON */ }
    showAccessProblem(response.status, answer);
    throw new Error(url + ' answered ' + response.status);
  }
  return response;
}

async function getJson(url) {
  return (await read(url)).json();
}

/** A page of a list endpoint: its items, and the cursor of the next page (null when none follows). */
async function getPage(url) {
  const response = await read(url);
  return { items: await response.json(), next: response.headers.get('Next-Cursor') };
}

const after = (url, cursor) => url + (url.includes('?') ? '&' : '?') + 'after=' + encodeURIComponent(cursor);

/** Every page of a list endpoint, following Next-Cursor. */
async function getAll(url) {
  let page = await getPage(url);
  const items = [...page.items];
  for (const seen = new Set(); page.next && !seen.has(page.next);) { // a cursor seen twice would loop forever
    seen.add(page.next);
    page = await getPage(after(url, page.next));
    items.push(...page.items);
  }
  return items;
}

/** {status, answer} of any call; the answer is the JSON body, or {} when there is none (204, not JSON). */
async function send(method, url, body) {
  const init = { method, headers: { Accept: 'application/json', ...authorization() } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  let answer = {};
  try { answer = await response.json(); } catch (e) { /* no JSON: the status says enough */ }
  return { status: response.status, answer };
}

/** One line of a section's outcome (text only), optionally followed by a button. */
function tell(id, text, cls = '', button) {
  const line = document.getElementById(id);
  line.className = 'action-status' + (cls ? ' ' + cls : '');
  line.replaceChildren(document.createTextNode(text));
  if (button) line.append(button);
}

/** A button for a change; what it does says itself in a confirm() first. */
function actionButton(text, onClick, cls = '') {
  const button = el('button', { type: 'button', class: ('danger ' + cls).trim() }, text);
  button.addEventListener('click', () => onClick().catch((e) => console.warn(e)));
  return button;
}

function emptyRow(columns, text) {
  const tr = el('tr');
  tr.append(el('td', { colspan: columns, class: 'empty' }, text));
  return tr;
}

/** A collapsible list that stays open across reloads of its table while its key is in `open`. */
function details(open, key, summary, fill) {
  const box = el('details', { class: 'versions' });
  box.append(el('summary', {}, summary));
  box.addEventListener('toggle', () => {
    if (box.open) { open.add(key); fill(box).catch((e) => console.warn(e)); } else open.delete(key);
  });
  if (open.has(key)) box.open = true; // fires toggle, which fills it
  return box;
}

const pct = (x) => (typeof x === 'number' ? (100 * x).toFixed(1) + '%' : '–');
// verification.json lists some findings and counts others
const count = (x) => (Array.isArray(x) ? x.length : (typeof x === 'number' ? x : 0));

/** Loss (left scale, red) and accuracy (0..1, blue) per epoch; dashed = held-out. */
function curves(job) {
  const W = 340, H = 150, L = 28, B = 18;
  const svg = svgEl('svg', { class: 'curves', viewBox: `0 0 ${W} ${H}`, 'data-job': job.jobId });
  const epochs = job.epochs || [];
  const planned = Math.max(epochs.length, job.parameters ? job.parameters.epochs : 1, 1);
  const losses = epochs.flatMap((e) => [e.trainLoss, e.validationLoss]).filter((v) => typeof v === 'number');
  const maxLoss = Math.max(1e-9, ...losses);
  const x = (i) => L + (planned === 1 ? 0 : (i * (W - L - 4)) / (planned - 1));
  const y = (v, max) => H - B - (v / max) * (H - B - 6);
  svg.append(svgEl('line', { class: 'axis', x1: L, y1: H - B, x2: W, y2: H - B }));
  svg.append(svgEl('line', { class: 'axis', x1: L, y1: 4, x2: L, y2: H - B }));
  const label = (text, xx, yy) => { const t = svgEl('text', { x: xx, y: yy }); t.textContent = text; svg.append(t); };
  label(maxLoss.toFixed(2), 0, 12);
  label('epoch ' + planned, W - 40, H - 4);
  label('red: loss · blue: accuracy · dashed: held-out', L + 4, H - 4);
  const series = [
    ['loss', (e) => e.trainLoss, maxLoss], ['val-loss', (e) => e.validationLoss, maxLoss],
    ['acc', (e) => e.trainAccuracy, 1], ['val-acc', (e) => e.validationAccuracy, 1],
  ];
  for (const [cls, pick, max] of series) {
    const points = epochs.map((e, i) => [i, pick(e)]).filter(([, v]) => typeof v === 'number')
      .map(([i, v]) => `${x(i).toFixed(1)},${y(v, max).toFixed(1)}`);
    svg.append(svgEl('polyline', { class: cls, points: points.join(' '), 'data-points': points.length }));
  }
  for (const f of job.findings || []) {
    const i = Math.max(0, epochs.findIndex((e) => e.epoch === f.epoch));
    const mark = svgEl('line', { class: 'finding', x1: x(i), y1: 4, x2: x(i), y2: H - B, 'data-kind': f.kind });
    const title = svgEl('title', {});
    title.textContent = `${f.kind}: ${f.evidence}`;
    mark.append(title);
    svg.append(mark);
  }
  return svg;
}

/** The diagnosis of a run's curves: a line per finding with its evidence and suggestion. */
function findings(job) {
  const list = el('ul', { class: 'findings' });
  for (const f of job.findings || []) {
    list.append(el('li', { 'data-kind': f.kind }, `⚠ ${f.kind} (epoch ${f.epoch}): ${f.evidence} → ${f.suggestion}`));
  }
  return list;
}

const RUNS_PAGE = 20;
const cancelling = new Set(); // running jobs whose cancel was accepted, until their worker stops
let runsCursor = null; // the next page of runs, from Next-Cursor; null: no more

const cancellable = (job) => job.status === 'QUEUED' || job.status === 'RUNNING';

function renderRuns() {
  const box = document.getElementById('runs');
  document.getElementById('more-runs').hidden = !runsCursor;
  if (runs.size === 0) return;
  box.replaceChildren();
  const sorted = [...runs.values()].sort((a, b) => (b.requestedAt || '').localeCompare(a.requestedAt || ''));
  for (const job of sorted) {
    const card = el('div', { class: 'card', id: 'run-' + job.jobId });
    const last = (job.epochs || []).at(-1);
    card.append(el('h3', {}, `${job.model} ← ${job.dataset}:${job.datasetVersion}`));
    const meta = el('div', { class: 'meta' });
    meta.append(el('span', { class: 'status-' + job.status }, job.status));
    if (cancellable(job)) {
      const stopping = cancelling.has(job.jobId);
      const cancel = actionButton(stopping ? 'cancelling …' : 'Cancel', () => cancelRun(job), 'cancel');
      cancel.disabled = stopping;
      meta.append(cancel);
    }
    meta.append(document.createTextNode(
      ` · epoch ${last ? last.epoch : 0}/${job.parameters ? job.parameters.epochs : '?'}` +
      ` · ${job.parameters ? job.parameters.architecture : ''}` +
      (job.testAccuracy != null ? ` · test ${pct(job.testAccuracy)}` : '') +
      (job.modelVersion ? ` · v${job.modelVersion}` : '')));
    if (job.status === 'COMPLETED') {
      meta.append(document.createTextNode(' · '));
      const report = el('a', { href: `/training-jobs/${job.jobId}/report` }, 'report');
      report.addEventListener('click', (event) => openReport(event, job.jobId));
      meta.append(report);
    }
    if (job.reason) meta.append(el('div', { class: 'bad' }, job.reason));
    card.append(meta, curves(job), findings(job));
    box.append(card);
  }
}

/** The newest page of runs; older ones come with "more runs". */
async function loadRuns() {
  const page = await getPage('/training-jobs?limit=' + RUNS_PAGE);
  for (const job of page.items) runs.set(job.jobId, job);
  runsCursor = page.next;
  renderRuns();
}

async function moreRuns() {
  if (!runsCursor) return;
  const button = document.getElementById('more-runs');
  button.disabled = true;
  try {
    const page = await getPage(after('/training-jobs?limit=' + RUNS_PAGE, runsCursor));
    for (const job of page.items) runs.set(job.jobId, job);
    runsCursor = page.next;
    renderRuns();
  } finally {
    button.disabled = false;
  }
}

async function refreshRun(jobId) {
  const job = await getJson('/training-jobs/' + encodeURIComponent(jobId));
  runs.set(jobId, job);
  if (!cancellable(job)) cancelling.delete(jobId);
  renderRuns();
}

/** DELETE /training-jobs/{id}: a queued run is CANCELLED at once; a running one stops at its next batch. */
async function cancelRun(job) {
  if (!confirm(`Cancel the training run of ${job.model} on ${job.dataset} (${job.jobId})?`
    + ' A running one stops at its next batch and publishes no version.')) return;
  const { status, answer } = await send('DELETE', '/training-jobs/' + encodeURIComponent(job.jobId));
  if (status !== 202) {
    tell('runs-status', `cancel of ${job.jobId}: ${errorText(status, answer)}`, 'bad');
    return;
  }
  if (answer.status === 'CANCELLING') {
    cancelling.add(job.jobId);
    tell('runs-status', `${job.jobId}: stopping at its next batch …`);
  } else {
    tell('runs-status', `${job.jobId}: ${answer.status || 'CANCELLED'}`, 'ok');
  }
  await refreshRun(job.jobId);
}

const openModels = new Set(); // models whose version list is open

async function loadModels() {
  const rows = [];
  for (const m of await getAll('/models')) {
    const detail = await getJson('/models/' + encodeURIComponent(m.name));
    const champion = detail.champion || {};
    const tr = el('tr', { 'data-model': m.name });
    const versions = el('td');
    const count = m.versions === 1 ? '1 version' : `${m.versions} versions`;
    versions.append(details(openModels, m.name, count, async (box) => {
      const list = el('ul');
      for (const v of detail.versions || []) {
        const item = el('li', {}, `v${v.version} · test ${pct(v.testAccuracy)}` + (v.champion ? ' · champion' : ''));
        item.append(actionButton('delete', () => deleteModel(m.name, String(v.version)), 'delete-version'));
        list.append(item);
      }
      box.querySelector('ul')?.remove();
      box.append(list);
    }));
    const actions = el('td');
    actions.append(actionButton('Delete model', () => deleteModel(m.name, null), 'delete-model'));
    tr.append(el('td', {}, m.name), el('td', {}, champion.version ? 'v' + champion.version : '–'),
      el('td', {}, pct(champion.testAccuracy)), versions, actions);
    rows.push(tr);
  }
  document.querySelector('#models tbody').replaceChildren(...(rows.length ? rows : [emptyRow(5, 'No models yet.')]));
}

/**
 * DELETE /models/{m}[/versions/{v}]. The serving champion is refused (409) with the service's reason; an admin may
 * then delete it anyway (?force=true), after a second confirmation.
 */
async function deleteModel(model, version, force = false) {
  const what = version ? `model ${model} version ${version}` : `model ${model} with every version`;
  const question = force
    ? `Delete ${what} although it is serving? ${model} then serves nothing until another version is promoted.`
    : `Delete ${what}? Its version numbers are never used again.`;
  if (!confirm(question)) return;
  const url = '/models/' + encodeURIComponent(model) + (version ? '/versions/' + encodeURIComponent(version) : '')
    + (force ? '?force=true' : '');
  const { status, answer } = await send('DELETE', url);
  if (status === 200) {
    const freed = typeof answer.bytesFreed === 'number' ? ` (${megabytes(answer.bytesFreed)} freed)` : '';
    tell('models-status', `deleted ${what}${freed}`, 'ok');
    await loadModels();
  } else if (status === 409 && !force) {
    tell('models-status', `${what}: ${answer.error || 'refused (409)'}`, 'bad',
      actionButton('delete anyway (admin)', () => deleteModel(model, version, true), 'force'));
  } else {
    tell('models-status', `delete of ${what}: ${errorText(status, answer)}`, 'bad');
  }
}

const openDatasets = new Set(); // datasets whose version list is open

async function loadDatasets() {
  const body = document.querySelector('#datasets tbody');
  const datasets = await getJson('/console/api/datasets');
  body.replaceChildren();
  if (datasets.length === 0) body.append(emptyRow(8, 'No datasets yet.'));
  for (const d of datasets) {
    const tr = el('tr', { 'data-dataset': d.name });
    const v = d.verification || {};
    const passed = v.passed !== false;
    // versions written before layouts and names were recorded answer neither
    const classes = String(d.classes) + (d.namedClasses > 0 ? ` (${d.namedClasses} named)` : '');
    const version = el('td', {}, d.version);
    version.append(actionButton('delete', () => deleteDataset(d.name, d.version), 'delete-version'));
    const actions = el('td');
    actions.append(details(openDatasets, d.name, 'all versions', (box) => fillDatasetVersions(box, d.name)),
      actionButton('Delete dataset', () => deleteDataset(d.name, null), 'delete-dataset'));
    tr.append(el('td', {}, d.name), version, el('td', {}, d.layout || 'class-folders'),
      el('td', {}, String(d.images)), el('td', {}, classes),
      el('td', {}, `${d.train} / ${d.test} / ${d.validation}`),
      el('td', { class: passed ? 'ok' : 'bad' }, passed
        ? `passed · ${v.blobsChecked ?? '?'} hashes re-checked · ${count(v.corrupt)} corrupt · ${count(v.leakedContent)} leaked`
        : 'failed'), actions);
    body.append(tr);
  }
}

/** Every version of a dataset as the dataset-service lists it (DELETED: a tombstone), each with its delete. */
async function fillDatasetVersions(box, name) {
  const { status, answer } = await send('GET', `/console/api/datasets/${encodeURIComponent(name)}`);
  const list = el('ul');
  if (status !== 200) {
    list.append(el('li', { class: 'bad' }, errorText(status, answer)));
  }
  for (const v of (status === 200 && answer.versions) || []) {
    const item = el('li', {}, `v${v.version} `);
    item.append(el('span', { class: 'status-' + v.status }, String(v.status)));
    if (v.status !== 'DELETED') {
      item.append(actionButton('delete', () => deleteDataset(name, String(v.version)), 'delete-version'));
    }
    list.append(item);
  }
  box.querySelector('ul')?.remove();
  box.append(list);
}

/** DELETE /console/api/datasets/{name}[/versions/{v}], which the trainer forwards to the dataset-service. */
async function deleteDataset(name, version) {
  const what = version ? `dataset ${name} version ${version}` : `dataset ${name} with every version`;
  if (!confirm(`Delete ${what}? A version a model was trained on stays as a tombstone (its metadata);`
    + ' the images go at the next collection. Version numbers are never used again.')) return;
  const url = `/console/api/datasets/${encodeURIComponent(name)}`
    + (version ? `/versions/${encodeURIComponent(version)}` : '');
  const { status, answer } = await send('DELETE', url);
  if (status !== 200) {
    tell('datasets-status', `delete of ${what}: ${errorText(status, answer)}`, 'bad');
    return;
  }
  tell('datasets-status', deletedLine(what, version, answer), 'ok');
  await loadDatasets();
}

function deletedLine(what, version, answer) {
  if (version) {
    return answer.tombstone ? `deleted ${what}: kept as a tombstone (a model's lineage names it)`
      : `deleted ${what}: removed`;
  }
  const removed = answer.removed || [];
  const kept = answer.tombstoned || [];
  return `deleted ${what}: ${removed.length} removed`
    + (kept.length ? `, ${kept.length} kept as tombstones (${kept.join(', ')})` : '');
}

// ---- Retrain bindings: GET/PUT/DELETE /retrain-bindings[/{dataset}] ----

const bindingForm = document.getElementById('binding-form');

async function loadBindings() {
  const rows = [];
  for (const b of await getAll('/retrain-bindings')) {
    const p = b.parameters;
    const recipe = p ? ` (${p.architecture || '?'}, ${p.epochs ?? '?'} epochs)` : '';
    const tr = el('tr', { 'data-binding': b.dataset });
    const actions = el('td');
    actions.append(actionButton('remove', () => removeBinding(b), 'remove-binding'));
    tr.append(el('td', {}, b.dataset), el('td', {}, b.model + recipe),
      el('td', {}, b.debounceSeconds == null ? 'service default' : `${b.debounceSeconds} s`),
      el('td', {}, b.source || '–'), actions);
    rows.push(tr);
  }
  document.querySelector('#bindings tbody')
    .replaceChildren(...(rows.length ? rows : [emptyRow(5, 'No retrain bindings.')]));
}

async function setBinding(event) {
  event.preventDefault();
  if (!bindingForm.reportValidity()) return;
  const value = (name) => bindingForm.elements.namedItem(name).value.trim();
  const body = { model: value('model') };
  if (value('debounceSeconds') !== '') body.debounceSeconds = Number(value('debounceSeconds'));
  const dataset = value('dataset');
  const { status, answer } = await send('PUT', '/retrain-bindings/' + encodeURIComponent(dataset), body);
  if (status !== 200) {
    tell('bindings-status', `binding of ${dataset}: ${errorText(status, answer)}`, 'bad');
    return;
  }
  tell('bindings-status', `each new version of ${answer.dataset} now trains ${answer.model}`, 'ok');
  await loadBindings();
}

async function removeBinding(binding) {
  const configured = binding.source === 'config'
    ? ' It is configured: it stays off, on every trainer and after restarts, until one is set here again.' : '';
  if (!confirm(`Stop retraining ${binding.model} on new versions of ${binding.dataset}?${configured}`)) return;
  const { status, answer } = await send('DELETE', '/retrain-bindings/' + encodeURIComponent(binding.dataset));
  if (status !== 204 && status !== 200) {
    tell('bindings-status', `binding of ${binding.dataset}: ${errorText(status, answer)}`, 'bad');
    return;
  }
  tell('bindings-status', `new versions of ${binding.dataset} no longer train anything`, 'ok');
  await loadBindings();
}

/**
 * A report is a link; with a token in use the browser would not send it on a plain navigation, so the report
 * is fetched with it and saved as a file (opened from there it needs nothing from the server).
 */
async function openReport(event, jobId) {
  if (!authorization().Authorization) return; // reads are open, or the answer says a token is needed
  event.preventDefault();
  const response = await fetch(`/training-jobs/${encodeURIComponent(jobId)}/report`, { headers: authorization() });
  if (!response.ok) {
    let answer = {};
    try { answer = await response.json(); } catch (e) { /* not JSON */ }
    showAccessProblem(response.status, answer);
    if (response.status !== 401 && response.status !== 403) {
      notice.textContent = `report of job ${jobId}: answered ${response.status}`;
      notice.hidden = false;
    }
    return;
  }
  const url = URL.createObjectURL(new Blob([await response.arrayBuffer()], { type: 'text/html' }));
  const save = el('a', { href: url, download: `report-${jobId}.html` });
  document.body.append(save);
  save.click();
  save.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function onTrainingEvent(update) {
  // the event says which job changed; its current state comes from the API
  try {
    await refreshRun(update.jobId);
  } catch (e) {
    console.warn(e);
    if (update.kind === 'cancelled' && runs.has(update.jobId)) { // still shown as it ended, though not readable
      runs.get(update.jobId).status = update.status || 'CANCELLED';
      cancelling.delete(update.jobId);
      renderRuns();
    }
  }
  if (update.kind === 'completed' || update.kind === 'promotion') {
    loadModels().catch((e) => console.warn(e));
    loadDatasets().catch((e) => console.warn(e));
  }
}

let liveStream = new AbortController();

/** Reads the server-sent events of /training-jobs/events with the token; reconnects after a pause. */
async function listen() {
  const badge = document.getElementById('live');
  const off = (text) => { badge.textContent = text; badge.classList.add('off'); };
  for (;;) {
    try {
      const response = await fetch('/training-jobs/events', {
        headers: { Accept: 'text/event-stream', ...authorization() }, signal: liveStream.signal });
      if (!response.ok) {
        showAccessProblem(response.status);
        off(response.status === 401 || response.status === 403 ? 'live: needs a token' : 'live: reconnecting');
      } else {
        badge.textContent = 'live';
        badge.classList.remove('off');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n?/g, '\n');
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const data = buffer.slice(0, end).split('\n').filter((line) => line.startsWith('data:'))
              .map((line) => line.slice(5).replace(/^ /, '')).join('\n');
            buffer = buffer.slice(end + 2);
            if (data) onTrainingEvent(JSON.parse(data));
          }
        }
        off('live: reconnecting');
      }
    } catch (e) {
      if (!liveStream.signal.aborted) { console.warn(e); off('live: reconnecting'); }
    }
    if (liveStream.signal.aborted) liveStream = new AbortController(); // the token changed: at once
    else await pause(3000);
  }
}

/** A new token: keep it for this tab, then read everything again with it. */
function useToken() {
  const token = tokenInput.value.trim();
  if (token) sessionStorage.setItem(TOKEN_KEY, token); else sessionStorage.removeItem(TOKEN_KEY);
  notice.hidden = true;
  liveStream.abort();
  loadAll();
}

// ---- Import a dataset: the trainer forwards these to the dataset-service (POST /datasets[/layout]) ----

const importForm = document.getElementById('import');
const importStatus = document.getElementById('import-status');
const field = (name) => importForm.elements.namedItem(name);
const TEXT_OPTIONS = ['name', 'source', 'layout', 'groupPattern', 'labels', 'pathColumn', 'labelColumn',
  'filenamePattern', 'classNames', 'corruptFiles', 'labelConflicts', 'nearDuplicates'];
const NUMBER_OPTIONS = ['testRatio', 'validationRatio', 'seed'];
const SPLIT_ORDER = ['train', 'validation', 'val', 'test'];

function showLayoutFields() {
  const layout = field('layout').value;
  for (const label of importForm.querySelectorAll('.layout-csv')) label.hidden = layout !== 'csv';
  for (const label of importForm.querySelectorAll('.layout-filename')) label.hidden = layout !== 'filename';
}

/** The form as the dataset-service's import options: empty and hidden fields left out ("service default"). */
function importOptions() {
  const options = {};
  for (const name of TEXT_OPTIONS) {
    const input = field(name);
    const value = input.value.trim();
    if (value !== '' && !input.closest('label').hidden) options[name] = value;
  }
  for (const name of NUMBER_OPTIONS) {
    const value = field(name).value.trim();
    if (value !== '') options[name] = Number(value);
  }
  if (field('crop').checked) options.crop = 'roi';
  return options;
}

/** {status, answer} of a GET, or of a POST of `body`. */
function callConsoleApi(url, body) {
  return send(body === undefined ? 'GET' : 'POST', url, body);
}

function errorText(status, answer) {
  if (status === 401) {
    return (authorization().Authorization ? 'the token was not accepted (401)' : 'a token is needed: enter it above (401)')
      + (answer.error ? ': ' + answer.error : '');
  }
  if (status === 403) return 'the token lacks the role for this (403)' + (answer.error ? ': ' + answer.error : '');
  return answer.error || 'answered ' + status;
}

/** One line of text, then a list of problems; all as text, never as markup. */
function showImportStatus(line, problems = [], cls = '') {
  const text = el('div', cls ? { class: cls } : {}, line);
  importStatus.replaceChildren(text);
  if (problems.length > 0) {
    const list = el('ul');
    for (const problem of problems) list.append(el('li', {}, String(problem)));
    importStatus.append(list);
  }
}

function splitOrder(a, b) {
  const rank = (s) => (SPLIT_ORDER.includes(s) ? SPLIT_ORDER.indexOf(s) : SPLIT_ORDER.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** "layout: split-folders (detected: …) — 2 classes, 120 images (train 100, test 20)", as the CLI says it. */
function layoutLine(preview) {
  let line = 'layout: ' + (preview.layout || '?');
  line += preview.detected ? ' (detected' + (preview.why ? ': ' + preview.why : '') + ')' : ' (as asked)';
  line += ` — ${(preview.classes || []).length} classes, ${preview.images ?? 0} images`;
  const splits = preview.splits ? Object.keys(preview.splits).sort(splitOrder) : [];
  if (splits.length > 0) line += ' (' + splits.map((s) => `${s} ${preview.splits[s]}`).join(', ') + ')';
  if (preview.labelsFile) line += ', labels ' + preview.labelsFile;
  if (preview.ignored > 0) line += `, ${preview.ignored} files ignored`;
  return line;
}

function readyLine(version) {
  const totals = { train: 0, test: 0, validation: 0, total: 0 };
  const classes = Object.values(version.counts || {});
  for (const c of classes) for (const k of Object.keys(totals)) totals[k] += c[k] || 0;
  return `READY: ${version.name} version ${version.version} — layout ${version.layout || 'class-folders'},`
    + ` ${totals.total} images in ${classes.length} classes`
    + ` (train ${totals.train}, test ${totals.test}, validation ${totals.validation})`;
}

function progressLine(version) {
  const p = version.progress;
  const where = p ? ` — ${p.stage} ${p.done}${p.total ? '/' + p.total : ''}` : '';
  return `${version.name} version ${version.version}: ${version.status}${where}`;
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the version every second until it is READY or REJECTED; a dataset-service hiccup is retried a while. */
async function followImport(name, version) {
  const url = `/console/api/datasets/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`;
  for (let failures = 0; failures < 10;) {
    await pause(1000);
    const { status, answer } = await callConsoleApi(url);
    if (status !== 200) {
      failures++;
      showImportStatus(`${name} version ${version}: ${errorText(status, answer)}`, [], 'bad');
      if (status >= 400 && status < 500) return;
      continue;
    }
    failures = 0;
    if (answer.status === 'READY') {
      showImportStatus(readyLine(answer), [], 'ok');
      loadDatasets().catch((e) => console.warn(e));
      return;
    }
    if (answer.status === 'REJECTED') {
      showImportStatus(`REJECTED: ${answer.reason || 'no reason given'}`, answer.problems || [], 'bad');
      return;
    }
    showImportStatus(progressLine(answer));
  }
}

// ---- A folder or archive dropped from this computer: uploaded through the trainer (POST
// /console/api/datasets/{name}/archive), which streams it on to the dataset-service. A folder goes as a tar built
// as a Blob of its File objects: nothing is read into memory before it is sent.

const ARCHIVE_TYPES = [['.tar.gz', 'application/gzip'], ['.tgz', 'application/gzip'], ['.tar', 'application/x-tar'],
  ['.zip', 'application/zip']];
const encoder = new TextEncoder();
let dropped = null; // { blob, type, label }

function archiveType(name) {
  const hit = ARCHIVE_TYPES.find(([ext]) => name.toLowerCase().endsWith(ext));
  return hit ? hit[1] : null;
}

const octal = (n, width) => n.toString(8).padStart(width - 1, '0') + '\0';
const tarPadding = (size) => new Uint8Array((512 - (size % 512)) % 512);

/** A POSIX ustar header block; the checksum is six octal digits, a NUL and a space. */
function tarHeader(name, size, type) {
  const header = new Uint8Array(512);
  const put = (text, offset, length) => header.set(encoder.encode(text).subarray(0, length), offset);
  put(name, 0, 100);
  put('0000644\0', 100, 8);
  put('0000000\0', 108, 8);
  put('0000000\0', 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(Math.floor(Date.now() / 1000), 12), 136, 12);
  put('        ', 148, 8);
  put(type, 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  const sum = header.reduce((a, b) => a + b, 0);
  put(octal(sum, 7) + ' ', 148, 8);
  return header;
}

/** A PAX record "<length> path=<name>\n", whose length counts its own digits. */
function paxPath(path) {
  const body = encoder.encode(` path=${path}\n`).length;
  let length = body + 1;
  while (body + String(length).length !== length) length = body + String(length).length;
  return encoder.encode(`${length} path=${path}\n`);
}

/** files: [{ path, file }] → a tar Blob; a name over 100 bytes gets a PAX header with the whole path. */
function tarOf(files) {
  const parts = [];
  for (const { path, file } of files) {
    if (encoder.encode(path).length > 100) {
      const record = paxPath(path);
      parts.push(tarHeader('PaxHeader', record.length, 'x'), record, tarPadding(record.length));
    }
    parts.push(tarHeader(path, file.size, '0'), file, tarPadding(file.size));
  }
  parts.push(new Uint8Array(1024));
  return new Blob(parts, { type: 'application/x-tar' });
}

const megabytes = (bytes) => (bytes / 1e6).toFixed(1) + ' MB';

function choose(blob, type, label) {
  dropped = blob ? { blob, type, label } : null;
  document.getElementById('dropped').textContent = dropped ? `${label} — ${megabytes(blob.size)}, uploaded on Import` : '';
  document.getElementById('clear-drop').hidden = !dropped;
  document.getElementById('check-layout').disabled = !!dropped; // the preview reads folders the service can see
  field('source').required = !dropped;
  field('source').disabled = !!dropped;
}

function chooseFolder(files) {
  if (files.length === 0) return;
  const top = files[0].path.split('/')[0];
  choose(tarOf(files), 'application/x-tar', `folder ${top}/ (${files.length} files)`);
}

/** Every file under a dropped directory entry, with its path from the dropped folder on. */
async function walk(entry, into) {
  if (entry.isFile) {
    into.push({ path: entry.fullPath.replace(/^\/+/, ''), file: await new Promise((ok, fail) => entry.file(ok, fail)) });
    return;
  }
  const reader = entry.createReader();
  for (;;) {
    const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail)); // at most 100 at a time
    if (batch.length === 0) return;
    for (const child of batch) await walk(child, into);
  }
}

async function onDrop(event) {
  event.preventDefault();
  document.getElementById('drop').classList.remove('over');
  const entries = [...event.dataTransfer.items].map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry())
    .filter(Boolean);
  if (entries.length === 1 && entries[0].isDirectory) {
    const files = [];
    showImportStatus('reading the folder …');
    await walk(entries[0], files);
    showImportStatus('');
    chooseFolder(files);
    return;
  }
  const file = event.dataTransfer.files.length === 1 ? event.dataTransfer.files[0] : null;
  if (file && archiveType(file.name)) {
    choose(file, archiveType(file.name), file.name);
  } else {
    showImportStatus('drop one folder, or one .zip, .tar or .tar.gz file', [], 'bad');
  }
}

/** The form's options as the archive endpoint's query; the folder fields have no meaning there. */
function archiveQuery() {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(importOptions())) {
    if (key !== 'name' && key !== 'source') query.set(key === 'labels' ? 'labelsFile' : key, String(value));
  }
  const text = query.toString();
  return text ? '?' + text : '';
}

/** Sends the dropped payload with a progress line; {status, answer} as callConsoleApi. */
function uploadDropped(name) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/console/api/datasets/${encodeURIComponent(name)}/archive${archiveQuery()}`);
    for (const [key, value] of Object.entries({ Accept: 'application/json', ...authorization() })) {
      xhr.setRequestHeader(key, value);
    }
    xhr.setRequestHeader('Content-Type', dropped.type);
    xhr.upload.onprogress = (e) => {
      const share = e.lengthComputable ? ` ${Math.floor((100 * e.loaded) / e.total)}%` : '';
      showImportStatus(`uploading ${dropped.label}:${share} (${megabytes(e.loaded)})`);
    };
    xhr.onload = () => {
      let answer = {};
      try { answer = JSON.parse(xhr.responseText); } catch (e) { /* not JSON: the status says enough */ }
      resolve({ status: xhr.status, answer });
    };
    xhr.onerror = () => reject(new Error('the upload was cut off'));
    xhr.send(dropped.blob);
  });
}

function setImportBusy(busy) {
  document.getElementById('start-import').disabled = busy;
  document.getElementById('check-layout').disabled = busy || !!dropped;
}

async function checkLayout() {
  if (!field('source').reportValidity()) return;
  setImportBusy(true);
  showImportStatus('checking the layout …');
  try {
    const { status, answer } = await callConsoleApi('/console/api/datasets/layout', importOptions());
    if (status === 200) {
      showImportStatus(layoutLine(answer), answer.problems || [], (answer.problems || []).length ? 'bad' : '');
    } else {
      showImportStatus('layout: ' + errorText(status, answer), [], 'bad');
    }
  } catch (e) {
    showImportStatus('layout: ' + e.message, [], 'bad');
  } finally {
    setImportBusy(false);
  }
}

async function startImport(event) {
  event.preventDefault();
  if (!importForm.reportValidity()) return;
  setImportBusy(true);
  showImportStatus('importing …');
  try {
    const { status, answer } = dropped ? await uploadDropped(field('name').value.trim())
      : await callConsoleApi('/console/api/datasets', importOptions());
    if (status !== 202) {
      showImportStatus('import refused: ' + errorText(status, answer), [], 'bad');
      return;
    }
    showImportStatus(progressLine(answer));
    await followImport(answer.name, answer.version);
  } catch (e) {
    showImportStatus('import: ' + e.message, [], 'bad');
  } finally {
    setImportBusy(false);
  }
}

tokenInput.value = sessionStorage.getItem(TOKEN_KEY) || '';
tokenInput.addEventListener('change', useToken);
field('layout').addEventListener('change', showLayoutFields);
document.getElementById('check-layout').addEventListener('click', checkLayout);
importForm.addEventListener('submit', startImport);
const dropZone = document.getElementById('drop');
dropZone.addEventListener('dragover', (e) => { e.preventDefault(); dropZone.classList.add('over'); });
dropZone.addEventListener('dragleave', () => dropZone.classList.remove('over'));
dropZone.addEventListener('drop', (e) => onDrop(e).catch((error) => showImportStatus(error.message, [], 'bad')));
document.getElementById('pick-folder').addEventListener('change', (e) => {
  chooseFolder([...e.target.files].map((file) => ({ path: file.webkitRelativePath || file.name, file })));
});
document.getElementById('pick-archive').addEventListener('change', (e) => {
  const file = e.target.files[0];
  if (file) choose(file, archiveType(file.name) || 'application/octet-stream', file.name);
});
document.getElementById('clear-drop').addEventListener('click', () => choose(null));
showLayoutFields();
document.getElementById('more-runs').addEventListener('click', () => moreRuns().catch((e) => console.warn(e)));
bindingForm.addEventListener('submit', (e) => setBinding(e).catch((error) => console.warn(error)));

/** Each list on its own: one that fails (an older trainer without bindings) leaves the others shown. */
function loadAll() {
  for (const load of [loadRuns, loadModels, loadDatasets, loadBindings]) load().catch((e) => console.warn(e));
}

loadAll();
listen();

// ---- Canaries and shadows (decision 107): GET /models/{m}/traffic per model, refreshed every 10 s ----------------

/** One row per version taking part: the champion's and the candidate's counts, shares, agreement, auto progress. */
function trafficRows(model, state) {
  const rows = [];
  const rate = (x) => (x === null || x === undefined ? '–' : (x * 100).toFixed(2) + '%');
  const number = (x) => (x === null || x === undefined ? '–' : x.toFixed(3));
  for (const [role, target, observed] of [['canary', state.canary, state.canaryObserved],
    ['shadow', state.shadow, state.shadowObserved]]) {
    if (!target) continue;
    const versions = (observed && observed.versions) || [];
    const auto = target.auto
      ? `${observed && observed.autoRequests != null ? observed.autoRequests : 0} of ${target.auto.requests}`
      : '–';
    for (const v of [versions.find((x) => x.role === 'champion'), versions.find((x) => x.role === role)]) {
      if (!v) continue;
      const mine = v.role === role;
      const tr = el('tr', { 'data-model': model, 'data-role': v.role });
      tr.append(el('td', {}, model), el('td', {}, mine ? role : 'champion (vs ' + role + ')'),
        el('td', {}, 'v' + v.version), el('td', {}, mine ? target.percent + '%' : '–'),
        el('td', {}, String(v.requests)), el('td', {}, rate(v.errorRate)), el('td', {}, number(v.meanConfidence)),
        el('td', {}, mine && role === 'shadow' ? rate(v.shadowAgreement) + ` of ${v.compared}` : '–'),
        el('td', {}, mine ? auto : ''));
      rows.push(tr);
    }
    if (!versions.length) {
      const tr = el('tr', { 'data-model': model, 'data-role': role });
      tr.append(el('td', {}, model), el('td', {}, role), el('td', {}, 'v' + target.version),
        el('td', {}, target.percent + '%'), el('td', { colspan: '4' }, 'no report from the replicas yet'),
        el('td', {}, target.auto ? `0 of ${target.auto.requests}` : '–'));
      rows.push(tr);
    }
  }
  if (state.autoOutcome) {
    const tr = el('tr', { 'data-model': model, 'data-role': 'outcome' });
    tr.append(el('td', {}, model), el('td', { colspan: '7' }, state.reason || ''),
      el('td', {}, state.autoOutcome === 'canary-promoted' ? 'promoted' : 'rolled back'));
    rows.push(tr);
  }
  return rows;
}

async function loadTraffic() {
  const rows = [];
  for (const m of await getAll('/models')) {
    const response = await fetch('/models/' + encodeURIComponent(m.name) + '/traffic',
      { headers: { Accept: 'application/json', ...authorization() } });
    if (response.ok) rows.push(...trafficRows(m.name, await response.json()));
  }
  document.querySelector('#traffic tbody')
    .replaceChildren(...(rows.length ? rows : [emptyRow(9, 'No canary or shadow.')]));
}

loadTraffic().catch((e) => console.warn(e));
setInterval(() => loadTraffic().catch((e) => console.warn(e)), 10000);
