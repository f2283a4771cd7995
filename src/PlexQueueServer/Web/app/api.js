// Every data call: the token as a header (never in a URL), JSON answers, this browser's client identifier.
const TOKEN = 'plexqueue.token';
const CLIENT = 'plexqueue.clientIdentifier';

export const token = () => localStorage.getItem(TOKEN);
export const setToken = (value) => localStorage.setItem(TOKEN, value);
export const clearToken = () => localStorage.removeItem(TOKEN);

/** A random id kept in this browser: its queue is "this browser". getRandomValues works on plain-http LAN addresses too. */
export function browserClientId() {
  let id = localStorage.getItem(CLIENT);
  if (!id) {
    const bytes = crypto.getRandomValues(new Uint8Array(12));
    id = 'web-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    localStorage.setItem(CLIENT, id);
  }
  return id;
}

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

export function headers(clientId) {
  return {
    'X-Plex-Token': token() ?? '',
    'Accept': 'application/json',
    'X-Plex-Client-Identifier': clientId ?? browserClientId(),
    'X-Plex-Product': 'PlexQueueServer Web',
  };
}

/** JSON from the server; a refusal throws with the server's one-line reason (X-Plex-Error). */
export async function api(path, { method = 'GET', clientId, signal } = {}) {
  const response = await fetch(path, { method, headers: headers(clientId), signal, cache: 'no-store' });
  if (response.status === 401) {
    window.dispatchEvent(new CustomEvent('plexqueue:unauthorized'));
  }
  if (!response.ok) {
    throw new ApiError(response.status, response.headers.get('X-Plex-Error') || `${method} ${path}: ${response.status}`);
  }
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export const container = (json) => json?.MediaContainer ?? {};

const pictures = new Map();

/** <img src> cannot send a header: fetch the picture with it and show a blob: URL (kept per path for the session). */
export function picture(path) {
  if (!pictures.has(path)) {
    pictures.set(path, fetch(path, { headers: headers() })
      .then((r) => (r.ok ? r.blob() : Promise.reject(new Error(String(r.status)))))
      .then((blob) => URL.createObjectURL(blob))
      .catch(() => null));
  }
  return pictures.get(path);
}

export function forgetPictures() {
  for (const url of pictures.values()) url.then((u) => u && URL.revokeObjectURL(u));
  pictures.clear();
}

/** Small helper to build elements without innerHTML (titles and file names are hostile input). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value == null) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child != null && child !== false) element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

export function announce(text) {
  const region = document.getElementById('announcer');
  region.textContent = '';
  // A fresh text node after clearing, so screen readers read a repeat too.
  setTimeout(() => { region.textContent = text; }, 50);
}

export function formatBytes(bytes) {
  if (bytes == null || !isFinite(bytes)) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  // Binary units, as Transcoder:CacheLimit reads "10GB".
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${value.toFixed(value < 10 && unit > 0 ? 1 : 0)} ${units[unit]}`;
}

export function formatSeconds(seconds) {
  if (seconds == null || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
