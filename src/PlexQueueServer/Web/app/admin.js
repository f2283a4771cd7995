// Admin: every user's queues, running jobs with ffmpeg's speed, cache used against the limit, conversions per hour,
// and with several servers on PostgreSQL the live instances.
import { api, container, h, formatBytes, formatSeconds } from './api.js';

const SVG = 'http://www.w3.org/2000/svg';
let timer = null;

export function startAdmin() {
  clearTimeout(timer);
  load();
}

export function stopAdmin() { clearTimeout(timer); timer = null; }

async function load() {
  const root = document.getElementById('admin');
  try {
    const body = container(await api('/web/api/admin'));
    const parts = [cache(body), jobs(body.TranscodeJob ?? []), chart(body.Hour ?? []), users(body.Account ?? [])];
    if (body.Instance) parts.push(instances(body.Instance));
    root.replaceChildren(...parts);
  } catch (e) {
    root.replaceChildren(h('p', { class: 'error', role: 'alert' }, e.message));
    return;
  }
  timer = setTimeout(load, 3000);
}

function cache(body) {
  const used = body.cacheUsed ?? 0;
  const limit = body.cacheLimit ?? 0;
  const text = limit > 0 ? `${formatBytes(used)} of ${formatBytes(limit)} (${Math.round((used * 100) / limit)} %)` : `${formatBytes(used)} (no limit set)`;
  return h('section', { class: 'card', 'aria-labelledby': 'cache-title' },
    h('h3', { id: 'cache-title' }, 'Conversion cache'),
    limit > 0 ? h('meter', { id: 'cache-meter', min: 0, max: limit, value: used, low: limit * 0.7, high: limit * 0.9, optimum: 0,
      'aria-label': 'Cache used' }) : null,
    h('p', { id: 'cache-text' }, text));
}

function instances(list) {
  return h('section', { class: 'card', 'aria-labelledby': 'instances-title' },
    h('h3', { id: 'instances-title' }, `Instances (${list.length})`),
    h('table', { id: 'instances' },
      h('thead', {}, h('tr', {}, ['Name', 'Role', 'Converting'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, list.map((i) => h('tr', {},
        h('td', {}, i.name), h('td', {}, i.role),
        h('td', {}, i.runningJobs?.length ? i.runningJobs.map((id) => `item ${id}`).join(', ') : 'idle'))))));
}

function jobs(list) {
  return h('section', { class: 'card', 'aria-labelledby': 'jobs-title' },
    h('h3', { id: 'jobs-title' }, `Running conversions (${list.length})`),
    list.length === 0 ? h('p', { class: 'muted' }, 'None right now.') : h('table', { id: 'jobs' },
      h('thead', {}, h('tr', {}, ['User', 'Item', 'Progress', 'ffmpeg speed', 'Time left'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, list.map((j) => h('tr', {},
        h('td', {}, j.account), h('td', {}, j.title ?? `item ${j.itemId}`),
        h('td', {}, h('progress', { max: 100, value: j.progress, 'aria-label': `Progress of ${j.title}` }), ` ${j.progress} %`),
        h('td', {}, j.speed != null ? `${j.speed}×` : '–'), h('td', {}, formatSeconds(j.remaining)))))));
}

/** 24 bars, one per hour, drawn as inline SVG (no chart library, no inline script). */
function chart(hours) {
  const width = 480;
  const height = 120;
  const max = Math.max(1, ...hours.map((x) => x.conversions));
  const barWidth = width / Math.max(hours.length, 1);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height + 16}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('id', 'conversions-chart');
  const total = hours.reduce((sum, x) => sum + x.conversions, 0);
  svg.setAttribute('aria-label', `Conversions per hour over the last 24 hours: ${total} in all`);
  hours.forEach((hour, i) => {
    const barHeight = (hour.conversions / max) * height;
    const rect = document.createElementNS(SVG, 'rect');
    rect.setAttribute('x', String(i * barWidth + 1));
    rect.setAttribute('y', String(height - barHeight));
    rect.setAttribute('width', String(barWidth - 2));
    rect.setAttribute('height', String(Math.max(barHeight, hour.conversions > 0 ? 1 : 0)));
    rect.setAttribute('class', 'bar');
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${new Date(hour.at * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}: ${hour.conversions}`;
    rect.append(title);
    svg.append(rect);
    if (i % 6 === 0) {
      const label = document.createElementNS(SVG, 'text');
      label.setAttribute('x', String(i * barWidth));
      label.setAttribute('y', String(height + 13));
      label.textContent = new Date(hour.at * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      svg.append(label);
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'chart-title' },
    h('h3', { id: 'chart-title' }, `Conversions per hour (last 24 h: ${total})`), svg);
}

function users(accounts) {
  return h('section', { class: 'card', 'aria-labelledby': 'users-title' },
    h('h3', { id: 'users-title' }, 'Users and their queues'),
    h('table', { id: 'admin-queues' },
      h('thead', {}, h('tr', {}, ['User', 'Queue', 'Device', 'Items', 'Status', 'Running', 'Waiting', 'Ready', 'Errors'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, accounts.flatMap((a) => (a.DownloadQueue?.length ? a.DownloadQueue : [null]).map((q) => h('tr', {},
        h('td', {}, a.name),
        ...(q ? [q.id, q.clientIdentifier || '(default)', q.itemCount, q.status, q.processing, q.waiting, q.available, q.error]
          : ['–', 'no queues', '', '', '', '', '', '']).map((v) => h('td', {}, String(v)))))))));
}
