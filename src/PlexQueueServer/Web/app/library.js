// Library: sections, a grid of thumbnails, shows → seasons → episodes, artists → albums → tracks, search,
// and the add panel (queue for a device, quality preset, estimated size).
import { api, container, picture, h, announce, formatBytes, browserClientId } from './api.js';

const CONTAINERS = new Set(['show', 'season', 'artist', 'album']);
const AUDIO = new Set(['artist', 'album', 'track']);

/** Each preset's add parameters (Queue/AddRequest.cs reads them) and the bitrate its size is estimated from. */
export const PRESETS = [
  { id: 'original', label: 'Original', audio: true, video: true, params: { directPlay: '1', directStream: '1' } },
  { id: '1080p', label: '1080p 8 Mbps', video: true, kbps: 8000 + 192, params: { directPlay: '0', videoResolution: '1920x1080', videoBitrate: '8000' } },
  { id: '720p', label: '720p 4 Mbps', video: true, kbps: 4000 + 192, params: { directPlay: '0', videoResolution: '1280x720', videoBitrate: '4000' } },
  { id: '480p', label: '480p 1.5 Mbps', video: true, kbps: 1500 + 128, params: { directPlay: '0', videoResolution: '720x480', videoBitrate: '1500' } },
  { id: 'audio320', label: 'Audio 320 kbps', audio: true, kbps: 320, params: { directPlay: '0', musicBitrate: '320' } },
  { id: 'audio128', label: 'Audio 128 kbps', audio: true, kbps: 128, params: { directPlay: '0', musicBitrate: '128' } },
];

/** Bytes one item will take with a preset: its own size for the original, else duration × the lower of the two bitrates. */
export function estimateBytes(items, preset) {
  let total = 0;
  for (const item of items) {
    const media = item.Media?.[0];
    const seconds = (item.duration ?? media?.duration ?? 0) / 1000;
    const sourceKbps = media?.bitrate;
    const original = media?.Part?.reduce((sum, p) => sum + (p.size ?? 0), 0) || (sourceKbps ? seconds * sourceKbps * 125 : 0);
    if (!preset.kbps) total += original;
    else total += seconds * Math.min(preset.kbps, sourceKbps || preset.kbps) * 125;
  }
  return total;
}

let trail = [];
let account = { DownloadQueue: [] };

export function setAccount(value) { account = value; }

export async function showLibrary() {
  const nav = document.getElementById('sections');
  if (nav.childElementCount === 0) {
    const sections = container(await api('/library/sections')).Directory ?? [];
    nav.replaceChildren(...sections.map((s) =>
      h('button', { type: 'button', 'data-section': s.key, onclick: () => openSection(s) }, s.title)));
    if (sections.length > 0 && trail.length === 0) await openSection(sections[0]);
  }
}

export function resetLibrary() {
  trail = [];
  for (const id of ['sections', 'trail', 'grid']) document.getElementById(id).replaceChildren();
  document.getElementById('add-panel').hidden = true;
}

async function openSection(section) {
  for (const b of document.querySelectorAll('#sections button')) b.setAttribute('aria-pressed', String(b.dataset.section === section.key));
  trail = [{ title: section.title, load: () => api(`/library/sections/${encodeURIComponent(section.key)}/all`) }];
  hideAddPanel();
  await render();
}

async function openContainer(item) {
  trail.push({ title: item.title, item, load: () => api(`/library/metadata/${item.ratingKey}/children`) });
  await render();
  showAddPanel(item);
}

async function render() {
  const step = trail[trail.length - 1];
  renderTrail();
  const message = document.getElementById('library-message');
  message.textContent = 'Loading…';
  try {
    const body = container(await step.load());
    const items = body.Metadata ?? (body.Hub ?? []).flatMap((hub) => hub.Metadata ?? []);
    renderGrid(items);
    message.textContent = items.length === 0 ? 'Nothing here.' : `${items.length} item(s).`;
  } catch (e) {
    message.textContent = e.message;
  }
}

function renderTrail() {
  const nav = document.getElementById('trail');
  nav.replaceChildren(h('ol', {}, trail.map((step, i) => h('li', {},
    i === trail.length - 1
      ? h('span', { 'aria-current': 'location' }, step.title)
      : h('button', { type: 'button', class: 'link', onclick: async () => {
          trail = trail.slice(0, i + 1);
          await render();
          if (step.item) showAddPanel(step.item); else hideAddPanel();
        } }, step.title)))));
}

function subtitle(item) {
  if (item.type === 'episode') return `S${item.parentIndex ?? '?'} · E${item.index ?? '?'}`;
  if (item.type === 'season') return item.leafCount != null ? `${item.leafCount} episode(s)` : '';
  if (item.type === 'track') return item.grandparentTitle ?? item.parentTitle ?? '';
  if (item.type === 'album') return item.parentTitle ?? '';
  return item.year ?? '';
}

function renderGrid(items) {
  const grid = document.getElementById('grid');
  grid.replaceChildren(...items.map((item) => {
    const img = h('img', { alt: '', width: 150, height: AUDIO.has(item.type) ? 150 : 225, loading: 'lazy' });
    const thumb = item.thumb ?? item.parentThumb ?? item.grandparentThumb;
    if (thumb) picture(thumb).then((url) => { if (url) img.src = url; });
    const open = () => (CONTAINERS.has(item.type) ? openContainer(item) : showAddPanel(item));
    return h('li', {}, h('button', { type: 'button', class: 'tile', 'data-key': item.ratingKey, 'data-type': item.type, onclick: open },
      h('span', { class: 'poster' }, img),
      h('span', { class: 'title' }, item.title),
      h('span', { class: 'sub' }, String(subtitle(item)))));
  }));
}

export async function search(query) {
  trail = [{ title: `Search “${query}”`, load: () => api(`/hubs/search?query=${encodeURIComponent(query)}&limit=50`) }];
  for (const b of document.querySelectorAll('#sections button')) b.setAttribute('aria-pressed', 'false');
  hideAddPanel();
  await render();
}

function hideAddPanel() { document.getElementById('add-panel').hidden = true; }

/** The queue picker: this browser first, then the user's other devices' queues, then any identifier typed in. */
function queueOptions() {
  const mine = browserClientId();
  const others = (account.DownloadQueue ?? []).map((q) => q.clientIdentifier).filter((c) => c && c !== mine);
  return [h('option', { value: mine }, 'This browser'), ...[...new Set(others)].map((c) => h('option', { value: c }, c)),
    h('option', { value: '' }, 'Another device…')];
}

async function leavesOf(item) {
  if (CONTAINERS.has(item.type)) return container(await api(`/library/metadata/${item.ratingKey}/allLeaves`)).Metadata ?? [];
  if (item.Media) return [item];
  return container(await api(`/library/metadata/${item.ratingKey}`)).Metadata ?? [item];
}

function showAddPanel(item) {
  const panel = document.getElementById('add-panel');
  const audio = AUDIO.has(item.type);
  const presets = PRESETS.filter((p) => (audio ? p.audio : p.video));
  const what = CONTAINERS.has(item.type) ? `every ${audio ? 'track' : 'episode'} of “${item.title}”` : `“${item.title}”`;
  const queue = h('select', { id: 'queue-client' }, queueOptions());
  const other = h('input', { id: 'queue-other', type: 'text', spellcheck: 'false', placeholder: 'client identifier' });
  const otherLabel = h('label', { for: 'queue-other', hidden: true }, 'Device’s client identifier ', other);
  const preset = h('select', { id: 'preset' }, presets.map((p) => h('option', { value: p.id }, p.label)));
  const estimate = h('output', { id: 'estimate', for: 'preset', 'aria-live': 'polite' }, 'Estimating…');
  const result = h('p', { id: 'add-result', role: 'status' });
  let leaves = null;
  const updateEstimate = () => {
    if (!leaves) return;
    const chosen = presets.find((p) => p.id === preset.value);
    estimate.textContent = `≈ ${formatBytes(estimateBytes(leaves, chosen))} for ${leaves.length} item(s)`;
  };
  queue.addEventListener('change', () => { otherLabel.hidden = queue.value !== ''; });
  preset.addEventListener('change', updateEstimate);
  const button = h('button', { type: 'submit', id: 'add-button' }, 'Add to queue');
  const form = h('form', { onsubmit: async (event) => {
    event.preventDefault();
    const clientId = queue.value || other.value.trim();
    if (!clientId) { result.textContent = 'Enter the device’s client identifier.'; other.focus(); return; }
    button.disabled = true;
    try {
      const created = container(await api('/downloadQueue', { method: 'POST', clientId })).DownloadQueue[0];
      const params = new URLSearchParams({ keys: `/library/metadata/${item.ratingKey}`, ...presets.find((p) => p.id === preset.value).params });
      const added = container(await api(`/downloadQueue/${created.id}/add?${params}`, { method: 'POST', clientId }));
      result.textContent = `Added ${added.size} item(s) to queue ${created.id}.`;
      announce(result.textContent);
      window.dispatchEvent(new CustomEvent('plexqueue:queued', { detail: { queueId: created.id } }));
    } catch (e) {
      result.textContent = `Not added: ${e.message}`;
    } finally {
      button.disabled = false;
    }
  } },
  h('h3', { id: 'add-title', tabindex: '-1' }, `Download ${what}`),
  h('div', { class: 'row' },
    h('label', { for: 'queue-client' }, 'Queue ', queue), otherLabel,
    h('label', { for: 'preset' }, 'Quality ', preset)),
  h('p', {}, 'Estimated size: ', estimate),
  button, result);
  panel.replaceChildren(form);
  panel.hidden = false;
  leavesOf(item).then((found) => { leaves = found; updateEstimate(); }).catch((e) => { estimate.textContent = e.message; });
  // Keyboard and screen-reader users land on the panel that just opened.
  document.getElementById('add-title').focus();
}
