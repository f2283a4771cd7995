// Downloads: every queue of the user, each item's status, progress, speed and time left, live.
// Live = the push stream (/:/eventsource/notifications, read with fetch so the token stays a header); while it is
// not there or fails, the items are polled every 2 s. Polling stays the source of truth for statuses.
import { api, container, headers, h, announce, formatBytes, formatSeconds, browserClientId } from './api.js';

const POLL_MS = 2000;
const POLL_WITH_STREAM_MS = 10000;
const ACTIVE = new Set(['deciding', 'waiting', 'processing']);

let queues = [];
const rows = new Map(); // item id → { row, parts, item }
const titles = new Map(); // rating key → title
let timer = null;
let stream = null; // AbortController of the running stream
let streaming = false;
let refreshSoon = null;
let running = false;

export function setQueues(list) { queues = list ?? []; }

export function start() {
  if (running) return;
  running = true;
  schedule(0);
  connectStream();
}

export function stop() {
  running = false;
  clearTimeout(timer);
  stream?.abort();
  stream = null;
  streaming = false;
  rows.clear();
  document.getElementById('queues').replaceChildren();
}

function schedule(ms) {
  clearTimeout(timer);
  if (running) timer = setTimeout(refresh, ms);
}

let busy = false;
let again = false;

export async function refresh() {
  // One refresh at a time: a push event and the timer may both ask for one.
  if (busy) { again = true; return; }
  busy = true;
  try {
    queues = container(await api('/web/api/account')).DownloadQueue ?? [];
    for (const queue of queues) {
      const items = container(await api(`/downloadQueue/${queue.id}/items`)).DownloadQueueItem ?? [];
      await loadTitles(items);
      renderQueue(queue, items);
    }
    if (queues.length === 0) document.getElementById('queues').replaceChildren(h('p', { class: 'muted' }, 'No downloads yet: add something from the library.'));
  } catch (e) {
    if (e.status === 401) { busy = false; return; }
  }
  busy = false;
  if (again) { again = false; schedule(0); return; }
  schedule(streaming ? POLL_WITH_STREAM_MS : POLL_MS);
}

async function loadTitles(items) {
  const missing = [...new Set(items.map((i) => i.key.split('/').pop()).filter((k) => !titles.has(k)))];
  if (missing.length === 0) return;
  try {
    const found = container(await api(`/library/metadata/${missing.join(',')}`)).Metadata ?? [];
    for (const m of found) {
      titles.set(m.ratingKey, m.type === 'episode' ? `${m.grandparentTitle} · S${m.parentIndex}E${m.index} · ${m.title}`
        : m.type === 'track' ? `${m.grandparentTitle ?? ''} · ${m.title}` : m.title);
    }
  } catch { /* an item whose library entry is gone keeps its key as title */ }
  for (const k of missing) if (!titles.has(k)) titles.set(k, `/library/metadata/${k}`);
}

function queueSection(queue) {
  let section = document.getElementById(`queue-${queue.id}`);
  if (!section) {
    const name = queue.clientIdentifier === browserClientId() ? 'This browser' : queue.clientIdentifier || 'Default queue';
    section = h('section', { id: `queue-${queue.id}`, class: 'queue', 'aria-labelledby': `queue-${queue.id}-title` },
      h('h3', { id: `queue-${queue.id}-title` }, `${name} `, h('small', {}, `queue ${queue.id}`)),
      h('ul', { class: 'items' }));
    document.getElementById('queues').append(section);
    document.querySelector('#queues > p.muted')?.remove();
  }
  return section;
}

function renderQueue(queue, items) {
  const list = queueSection(queue).querySelector('ul.items');
  const seen = new Set();
  for (const item of items) {
    seen.add(item.id);
    let entry = rows.get(item.id);
    if (!entry) {
      entry = buildRow(item);
      rows.set(item.id, entry);
      list.append(entry.row);
    }
    update(entry, item);
  }
  for (const row of [...list.children]) {
    const id = Number(row.dataset.item);
    if (!seen.has(id)) { rows.delete(id); row.remove(); }
  }
  if (items.length === 0 && !list.nextElementSibling) list.after(h('p', { class: 'muted empty' }, 'No items.'));
  else if (items.length > 0) list.parentElement.querySelector('p.empty')?.remove();
}

function buildRow(item) {
  const title = titles.get(item.key.split('/').pop()) ?? item.key;
  const bar = h('progress', { max: 100, value: 0, 'aria-label': `Progress of ${title}` });
  const parts = {
    status: h('span', { class: 'status' }),
    bar,
    percent: h('span', { class: 'percent' }),
    speed: h('span', { class: 'speed' }),
    left: h('span', { class: 'left' }),
    size: h('span', { class: 'size' }),
    error: h('p', { class: 'error' }),
    actions: h('div', { class: 'actions' }),
    decision: h('div', { class: 'decision', hidden: true }),
  };
  const row = h('li', { id: `item-${item.id}`, class: 'item', 'data-item': item.id, 'data-queue': item.queueId },
    h('div', { class: 'head' }, h('span', { class: 'name' }, title), parts.status),
    h('div', { class: 'progress' }, bar, parts.percent),
    parts.facts = h('p', { class: 'facts', hidden: true }, 'Speed ', parts.speed, ' · time left ', parts.left, ' ', parts.size),
    parts.error, parts.actions, parts.decision);
  return { row, parts, item: null, title };
}

function update(entry, item) {
  const previous = entry.item;
  entry.item = item;
  const { parts, row } = entry;
  const session = item.TranscodeSession;
  const progress = item.status === 'available' ? 100 : item.status === 'processing' ? (session?.progress ?? 0) : 0;
  row.dataset.status = item.status;
  parts.status.textContent = item.status;
  setProgress(entry, progress, session);
  parts.error.textContent = item.error ? `Error: ${item.error}` : '';
  parts.facts.hidden = item.status !== 'processing';
  if (previous?.status !== item.status) {
    renderActions(entry);
    if (previous) announce(`${entry.title}: ${item.status}`);
  }
}

function setProgress(entry, progress, session) {
  const { parts } = entry;
  parts.bar.value = progress;
  parts.percent.textContent = `${progress.toFixed(progress >= 100 ? 0 : 1)} %`;
  parts.speed.textContent = session?.speed != null ? `${session.speed}×` : '–';
  parts.left.textContent = session?.remaining != null ? formatSeconds(session.remaining) : '–';
  parts.size.textContent = session?.size ? `· ${formatBytes(session.size)} so far` : '';
}

function renderActions(entry) {
  const { item } = entry;
  const base = `/downloadQueue/${item.queueId}`;
  const buttons = [];
  if (item.status === 'available') buttons.push(h('button', { type: 'button', class: 'download', onclick: () => download(entry) }, 'Download'));
  if (ACTIVE.has(item.status)) buttons.push(h('button', { type: 'button', class: 'cancel', onclick: () => act(entry, 'DELETE', `${base}/items/${item.id}`, 'cancelled') }, 'Cancel'));
  else buttons.push(h('button', { type: 'button', class: 'restart', onclick: () => act(entry, 'POST', `${base}/items/${item.id}/restart`, 'restarted') }, 'Restart'));
  if (!ACTIVE.has(item.status)) buttons.push(h('button', { type: 'button', class: 'delete', onclick: () => act(entry, 'DELETE', `${base}/items/${item.id}`, 'deleted') }, 'Delete'));
  buttons.push(h('button', { type: 'button', class: 'show-decision', 'aria-expanded': String(!entry.parts.decision.hidden),
    'aria-controls': `decision-${item.id}`, onclick: (e) => toggleDecision(entry, e.currentTarget) }, 'Decision'));
  entry.parts.decision.id = `decision-${item.id}`;
  entry.parts.actions.replaceChildren(...buttons.map((b) => { b.setAttribute('aria-label', `${b.textContent} ${entry.title}`); return b; }));
}

async function act(entry, method, path, done) {
  try {
    await api(path, { method });
    announce(`${entry.title} ${done}`);
  } catch (e) {
    entry.parts.error.textContent = e.message;
  }
  schedule(0);
}

/** A short-lived signed link (no token in it), followed as a normal navigation: the browser streams the file to disk. */
async function download(entry) {
  const { item } = entry;
  try {
    const link = container(await api(`/web/api/link/${item.queueId}/${item.id}`, { method: 'POST' }));
    const anchor = h('a', { href: link.url, download: '', id: 'download-link', 'data-item': item.id }, entry.title);
    const ready = document.getElementById('download-ready');
    ready.replaceChildren(h('p', {}, 'Downloading ', anchor, ` (link valid until ${new Date(link.expires * 1000).toLocaleTimeString()}).`));
    ready.hidden = false;
    anchor.click();
    announce(`Download of ${entry.title} started`);
  } catch (e) {
    entry.parts.error.textContent = e.message;
  }
}

async function toggleDecision(entry, button) {
  const panel = entry.parts.decision;
  if (!panel.hidden) { panel.hidden = true; button.setAttribute('aria-expanded', 'false'); return; }
  panel.replaceChildren('Loading…');
  panel.hidden = false;
  button.setAttribute('aria-expanded', 'true');
  try {
    const body = container(await api(`/downloadQueue/${entry.item.queueId}/item/${entry.item.id}/decision`));
    const texts = [body.generalDecisionText, body.directPlayDecisionText, body.transcodeDecisionText].filter(Boolean);
    const streams = (body.Metadata?.[0]?.Media?.[0]?.Part?.[0]?.Stream ?? [])
      .map((s) => `${s.streamType === 1 ? 'video' : s.streamType === 2 ? 'audio' : 'subtitle'} ${s.codec ?? ''}: ${s.decision ?? ''}`);
    panel.replaceChildren(h('ul', {}, [...new Set(texts)].map((t) => h('li', {}, t)), streams.map((s) => h('li', { class: 'stream' }, s))));
  } catch (e) {
    panel.replaceChildren(e.message);
  }
}

// ---- push stream ------------------------------------------------------------------------------------------

function setMode(text) { document.getElementById('live-mode').textContent = text; }

/** SSE over fetch: EventSource cannot send the token header, and the token must not go in the URL. */
async function connectStream() {
  if (!running || stream) return; // one stream at a time (a reconnect timer may outlive a sign-out and sign-in)
  const controller = new AbortController();
  stream = controller;
  try {
    const response = await fetch('/:/eventsource/notifications?filters=activity,transcodeSession.start,transcodeSession.update,transcodeSession.end',
      { headers: { ...headers(), Accept: 'text/event-stream' }, signal: controller.signal, cache: 'no-store' });
    if (!response.ok || !response.body) throw new Error(String(response.status));
    streaming = true;
    setMode('Live: pushed by the server.');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, '')).join('\n');
        if (data) onMessage(data);
      }
    }
  } catch { /* no stream on this server yet, or it dropped: polling carries on */ }
  if (stream !== controller) return;
  stream = null;
  streaming = false;
  setMode('Live: checking every 2 s.');
  schedule(POLL_MS);
  setTimeout(connectStream, 15000);
}

function onMessage(data) {
  let message;
  try { message = JSON.parse(data).NotificationContainer; } catch { return; }
  if (!message) return;
  if (String(message.type).startsWith('transcodeSession')) {
    for (const session of message.TranscodeSession ?? []) {
      const id = Number(/download-(\d+)-/.exec(session.key ?? '')?.[1]);
      const entry = rows.get(id);
      if (entry && entry.item?.status === 'processing') setProgress(entry, session.progress ?? 0, session);
    }
  }
  let changed = message.type === 'transcodeSession.start' || message.type === 'transcodeSession.end';
  for (const note of message.ActivityNotification ?? []) {
    const context = note.Activity?.Context;
    const entry = rows.get(context?.itemID);
    // A new item, a removed one or a new status: read the items again. Progress alone is applied in place.
    if (!entry || context.status !== entry.item?.status) changed = true;
    else if (context.status === 'processing' && note.Activity.progress != null && !entry.item.TranscodeSession) {
      setProgress(entry, note.Activity.progress, null);
    }
  }
  // At most one read per second, however many events arrive.
  if (changed && !refreshSoon) refreshSoon = setTimeout(() => { refreshSoon = null; schedule(0); }, 1000);
}
