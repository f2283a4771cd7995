// The page's shell: sign-in (token kept in localStorage, never in the address), sign-out, and the three views.
import { api, container, token, setToken, clearToken, forgetPictures } from './api.js';
import { showLibrary, resetLibrary, search, setAccount } from './library.js';
import * as downloads from './queue.js';
import { startAdmin, stopAdmin } from './admin.js';

const VIEWS = ['signin', 'library', 'downloads', 'admin'];
const $ = (id) => document.getElementById(id);

function show(view) {
  for (const v of VIEWS) $(`view-${v}`).hidden = v !== view;
  for (const b of document.querySelectorAll('#nav button')) {
    if (b.dataset.view === view) b.setAttribute('aria-current', 'page'); else b.removeAttribute('aria-current');
  }
  if (view === 'admin') startAdmin(); else stopAdmin();
  if (view === 'library') showLibrary().catch((e) => { $('library-message').textContent = e.message; });
}

async function signIn() {
  const body = container(await api('/web/api/account'));
  setAccount(body);
  downloads.setQueues(body.DownloadQueue);
  $('who-name').textContent = `Signed in as ${body.name}`;
  $('who').hidden = false;
  $('nav').hidden = false;
  $('nav-admin').hidden = !body.admin;
  downloads.start();
  show('library');
}

function signOut(message = '') {
  clearToken();
  downloads.stop();
  stopAdmin();
  resetLibrary();
  forgetPictures();
  $('who').hidden = true;
  $('nav').hidden = true;
  $('signin-error').textContent = message;
  show('signin');
  $('token').value = '';
  $('token').focus();
}

$('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  setToken($('token').value.trim());
  try {
    await signIn();
    $('token').value = '';
  } catch (e) {
    signOut(e.status === 401 ? 'That token was refused.' : e.message);
  }
});

$('sign-out').addEventListener('click', () => signOut());
window.addEventListener('plexqueue:unauthorized', () => { if (token()) signOut('Signed out: the token is no longer accepted.'); });
window.addEventListener('plexqueue:queued', () => downloads.refresh());

for (const button of document.querySelectorAll('#nav button')) {
  button.addEventListener('click', () => { show(button.dataset.view); $('main').focus(); });
}

$('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const query = $('search').value.trim();
  if (query) search(query);
});

if (token()) signIn().catch((e) => signOut(e.status === 401 ? 'Signed out: the token is no longer accepted.' : e.message));
else show('signin');
