// Sightline console: lists runs, models and datasets from the trainer's API, and redraws a run's
// curves whenever the trainer pushes one of its training events (server-sent events).
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

Promise.all([loadRuns(), loadModels(), loadDatasets()]).catch((e) => console.warn(e));
listen();
