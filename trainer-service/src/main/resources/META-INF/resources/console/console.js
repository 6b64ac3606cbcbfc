// Sightline console: lists runs, models and datasets from the trainer's API, and redraws a run's
// curves whenever the trainer pushes one of its training events (server-sent events). Imports a dataset
// through the trainer's /console/api, which forwards to the configured dataset-service.
'use strict';

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

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(url + ' answered ' + response.status);
  return response.json();
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
  return svg;
}

function renderRuns() {
  const box = document.getElementById('runs');
  if (runs.size === 0) return;
  box.replaceChildren();
  const sorted = [...runs.values()].sort((a, b) => (b.requestedAt || '').localeCompare(a.requestedAt || ''));
  for (const job of sorted) {
    const card = el('div', { class: 'card', id: 'run-' + job.jobId });
    const last = (job.epochs || []).at(-1);
    card.append(el('h3', {}, `${job.model} ← ${job.dataset}:${job.datasetVersion}`));
    const meta = el('div', { class: 'meta' });
    meta.append(el('span', { class: 'status-' + job.status }, job.status));
    meta.append(document.createTextNode(
      ` · epoch ${last ? last.epoch : 0}/${job.parameters ? job.parameters.epochs : '?'}` +
      ` · ${job.parameters ? job.parameters.architecture : ''}` +
      (job.testAccuracy != null ? ` · test ${pct(job.testAccuracy)}` : '') +
      (job.modelVersion ? ` · v${job.modelVersion}` : '')));
    if (job.status === 'COMPLETED') {
      meta.append(document.createTextNode(' · '));
      meta.append(el('a', { href: `/training-jobs/${job.jobId}/report` }, 'report'));
    }
    if (job.reason) meta.append(el('div', { class: 'bad' }, job.reason));
    card.append(meta, curves(job));
    box.append(card);
  }
}

async function loadRuns() {
  for (const job of await getJson('/training-jobs')) runs.set(job.jobId, job);
  renderRuns();
}

async function loadModels() {
  const body = document.querySelector('#models tbody');
  const models = await getJson('/models');
  if (models.length === 0) return;
  body.replaceChildren();
  for (const m of models) {
    const detail = await getJson('/models/' + encodeURIComponent(m.name));
    const champion = detail.champion || {};
    const tr = el('tr');
    tr.append(el('td', {}, m.name), el('td', {}, champion.version ? 'v' + champion.version : '–'),
      el('td', {}, pct(champion.testAccuracy)), el('td', {}, String(m.versions)));
    body.append(tr);
  }
}

async function loadDatasets() {
  const body = document.querySelector('#datasets tbody');
  const datasets = await getJson('/console/api/datasets');
  if (datasets.length === 0) return;
  body.replaceChildren();
  for (const d of datasets) {
    const tr = el('tr');
    const v = d.verification || {};
    const passed = v.passed !== false;
    // versions written before layouts and names were recorded answer neither
    const classes = String(d.classes) + (d.namedClasses > 0 ? ` (${d.namedClasses} named)` : '');
    tr.append(el('td', {}, d.name), el('td', {}, d.version), el('td', {}, d.layout || 'class-folders'),
      el('td', {}, String(d.images)), el('td', {}, classes),
      el('td', {}, `${d.train} / ${d.test} / ${d.validation}`),
      el('td', { class: passed ? 'ok' : 'bad' }, passed
        ? `passed · ${v.blobsChecked ?? '?'} hashes re-checked · ${count(v.corrupt)} corrupt · ${count(v.leakedContent)} leaked`
        : 'failed'));
    body.append(tr);
  }
}

function listen() {
  const badge = document.getElementById('live');
  const source = new EventSource('/training-jobs/events');
  source.onopen = () => { badge.textContent = 'live'; badge.classList.remove('off'); };
  source.onerror = () => { badge.textContent = 'live: reconnecting'; badge.classList.add('off'); };
  source.onmessage = async (message) => {
    const update = JSON.parse(message.data);
    // the event says which job changed; its current state comes from the API
    try {
      runs.set(update.jobId, await getJson('/training-jobs/' + encodeURIComponent(update.jobId)));
      renderRuns();
      if (update.kind === 'completed' || update.kind === 'promotion') { loadModels(); loadDatasets(); }
    } catch (e) { console.warn(e); }
  };
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

function authorization() {
  const token = field('token').value.trim();
  return token ? { Authorization: 'Bearer ' + token } : {};
}

/** {status, answer}: the answer is the JSON body, or {} when there is none. */
async function callConsoleApi(url, body) {
  const init = { headers: { Accept: 'application/json', ...authorization() } };
  if (body !== undefined) {
    init.method = 'POST';
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  let answer = {};
  try { answer = await response.json(); } catch (e) { /* not JSON: the status says enough */ }
  return { status: response.status, answer };
}

function errorText(status, answer) {
  if (status === 401) return 'a token is needed for imports (401)' + (answer.error ? ': ' + answer.error : '');
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

function setImportBusy(busy) {
  for (const id of ['check-layout', 'start-import']) document.getElementById(id).disabled = busy;
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
    const { status, answer } = await callConsoleApi('/console/api/datasets', importOptions());
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

field('layout').addEventListener('change', showLayoutFields);
document.getElementById('check-layout').addEventListener('click', checkLayout);
importForm.addEventListener('submit', startImport);
showLayoutFields();

Promise.all([loadRuns(), loadModels(), loadDatasets()]).catch((e) => console.warn(e));
listen();
