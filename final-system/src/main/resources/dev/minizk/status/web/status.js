// minizk status page: polls the JSON API every second and redraws what changed.
// No framework: the page is small, and it must work on machines without internet.
// An ensemble member's parts (every member, charts, faults, timeline) are in ensemble.js.
'use strict';

const POLL_MILLIS = 1000;
const STAT_FIELDS = ['czxid', 'mzxid', 'pzxid', 'ctime', 'mtime', 'version', 'cversion', 'aversion',
  'ephemeralOwner', 'dataLength', 'numChildren'];

const state = {
  lastZxid: null,          // the zxid the tree and node panel were last drawn at
  selected: null,          // the path shown in the node panel
  expanded: new Set(['/']),
  rows: new Map(),         // path -> <li> of the tree
  tab: null,               // 'text' or 'hex' once the user picks one; null = whichever suits the data
  lastSessions: '', lastTxns: '', newestTxn: null,
};

const $ = (id) => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e[k] = v;
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

async function getJson(url) {
  const response = await fetch(url, { cache: 'no-store' });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(body && body.error ? body.error : `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

const q = (path) => encodeURIComponent(path);

// ------------------------------------------------------------------ formatting

function duration(ms) {
  let s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400); s %= 86400;
  const h = Math.floor(s / 3600); s %= 3600;
  const m = Math.floor(s / 60); s %= 60;
  const pad = (n) => String(n).padStart(2, '0');
  if (d > 0) return `${d}d ${pad(h)}h ${pad(m)}m`;
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

function clock(ms) {
  const d = new Date(ms);
  return d.toLocaleTimeString([], { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

function dateTime(ms) {
  const d = new Date(ms);
  return d.toLocaleDateString([], { year: 'numeric', month: 'short', day: 'numeric' }) + ' ' + clock(ms);
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A classic hex dump: offset, 16 bytes, and their printable ASCII. */
function hexDump(hex) {
  const lines = [];
  for (let off = 0; off < hex.length / 2; off += 16) {
    const bytes = [];
    for (let i = off; i < Math.min(off + 16, hex.length / 2); i++) bytes.push(parseInt(hex.substr(2 * i, 2), 16));
    const hexPart = bytes.map((b, i) => b.toString(16).padStart(2, '0') + (i === 7 ? ' ' : '')).join(' ');
    const ascii = bytes.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hexPart.padEnd(49)}  |${ascii}|`);
  }
  return lines.join('\n');
}

// ------------------------------------------------------------------ header and cards

function renderStatus(s) {
  $('server-id').textContent = s.serverId;
  const role = $('role');
  role.textContent = s.role;
  role.className = `role role-${s.role}`;
  $('connect-string').textContent = s.connectString;
  document.title = `minizk · server ${s.serverId} (${s.role})`;
  $('last-zxid').textContent = s.lastZxid;
  $('zxid-parts').textContent = `epoch ${s.epoch} · counter ${s.counter}`;
  $('uptime').textContent = duration(s.uptimeMillis);
  const today = new Date(s.startedAt).toDateString() === new Date().toDateString();
  $('started-at').textContent = `since ${today ? clock(s.startedAt).slice(0, 8) : dateTime(s.startedAt)}`;
  $('node-count').textContent = s.nodeCount.toLocaleString();
  $('session-count').textContent = s.sessionCount.toLocaleString();
  $('session-timeouts').textContent = `timeouts ${s.minSessionTimeout}–${s.maxSessionTimeout} ms`;
  $('watch-total').textContent = s.watches.total.toLocaleString();
  $('watch-detail').textContent = `${plural(s.watches.paths, 'path')} · ${plural(s.watches.watchers, 'watcher')}`;
  $('connection-count').textContent = s.connectionCount.toLocaleString();
  $('internal-errors').textContent = s.internalErrors === 0 ? `tick ${s.tickTime} ms` : plural(s.internalErrors, 'internal error');
}

function renderSessions(sessions) {
  const json = JSON.stringify(sessions);
  if (json === state.lastSessions) return; // unchanged: leave the DOM (and any text selection) alone
  state.lastSessions = json;
  const rows = sessions.map((s) => el('tr', { dataset: { session: s.id } },
    el('td', { class: 'mono' }, s.id),
    el('td', { class: 'num' }, `${s.timeout} ms`),
    el('td', { class: 'num' }, s.ephemeralCount),
    el('td', { class: 'paths' }, s.ephemerals.join(', ') + (s.ephemeralCount > s.ephemerals.length ? ', …' : ''))));
  $('sessions').tBodies[0].replaceChildren(...rows);
  $('sessions-empty').hidden = sessions.length > 0;
}

function renderTxns(txns) {
  const json = JSON.stringify(txns);
  if (json === state.lastTxns) return;
  state.lastTxns = json;
  const previousNewest = state.newestTxn;
  let fresh = previousNewest !== null;
  const rows = txns.map((t) => {
    if (t.zxid === previousNewest) fresh = false; // rows after the last one seen are old
    return el('tr', { class: fresh ? 'fresh' : '', dataset: { zxid: t.zxid } },
      el('td', { class: 'mono nowrap' }, t.zxid),
      el('td', { class: 'mono nowrap' }, t.session),
      el('td', {}, el('span', { class: `op op-${t.type}` }, t.type)),
      el('td', { class: 'mono' }, t.path ?? ''),
      el('td', { class: 'paths' }, t.detail),
      el('td', { class: 'paths nowrap' }, clock(t.time)));
  });
  state.newestTxn = txns.length ? txns[0].zxid : null;
  $('txns').tBodies[0].replaceChildren(...rows);
  $('txns-empty').hidden = txns.length > 0;
}

// ------------------------------------------------------------------ the tree

function treeRow(child) {
  const li = el('li', { dataset: { path: child.path } });
  const row = el('div', { class: 'node-row', dataset: { path: child.path }, title: child.path },
    el('span', { class: 'twisty' }, '▶'),
    el('span', { class: `dot-kind kind-${child.kind}` }),
    el('span', { class: 'node-name' }, child.name),
    el('span', { class: 'node-meta' }, ''));
  row.querySelector('.twisty').addEventListener('click', (e) => { e.stopPropagation(); toggle(child.path); });
  row.addEventListener('click', () => select(child.path));
  li.append(row, el('ul', { hidden: true }));
  updateRow(li, child);
  state.rows.set(child.path, li);
  return li;
}

function updateRow(li, child) {
  const row = li.firstChild;
  const twisty = row.querySelector('.twisty');
  twisty.classList.toggle('leaf', child.numChildren === 0);
  twisty.classList.toggle('open', state.expanded.has(child.path) && child.numChildren > 0);
  row.querySelector('.dot-kind').className = `dot-kind kind-${child.kind}`;
  const meta = [];
  if (child.numChildren > 0) meta.push(child.numChildren === 1 ? '1 child' : `${child.numChildren} children`);
  if (child.dataLength > 0) meta.push(`${child.dataLength} B`);
  row.querySelector('.node-meta').textContent = meta.join(' · ');
  row.classList.toggle('selected', child.path === state.selected);
  li.dataset.children = child.numChildren;
}

/** Redraws a node's child list, reusing the rows that are still there so expanded subtrees stay open. */
function renderChildren(li, view) {
  const ul = li.lastChild;
  const keep = [];
  for (const child of view.children) {
    const existing = state.rows.get(child.path);
    const row = existing && existing.parentNode === ul ? existing : treeRow(child);
    if (row === existing) updateRow(row, child);
    keep.push(row);
  }
  for (const old of ul.children) {
    if (!keep.includes(old) && old.dataset.path) forget(old.dataset.path);
  }
  if (view.truncated) keep.push(el('li', { class: 'more' }, `… and ${view.total - view.children.length} more`));
  ul.replaceChildren(...keep);
  ul.hidden = !state.expanded.has(view.path);
  li.firstChild.querySelector('.twisty').classList.toggle('open', !ul.hidden && view.total > 0);
}

/** Drops a vanished node and everything under it from the bookkeeping. */
function forget(path) {
  for (const p of [...state.rows.keys()]) {
    if (p === path || p.startsWith(path + '/')) {
      state.rows.delete(p);
      state.expanded.delete(p);
    }
  }
}

async function loadChildren(path) {
  const li = state.rows.get(path);
  if (!li) return;
  try {
    renderChildren(li, await getJson(`/api/children?path=${q(path)}&limit=500`));
  } catch (e) {
    if (e.status === 404) forget(path); else throw e;
  }
}

async function toggle(path) {
  const li = state.rows.get(path);
  if (state.expanded.has(path)) {
    state.expanded.delete(path);
    li.lastChild.hidden = true;
    li.firstChild.querySelector('.twisty').classList.remove('open');
  } else {
    state.expanded.add(path);
    await loadChildren(path);
  }
}

/** Reloads every open node's children, parents before children. */
async function refreshTree() {
  if (!state.rows.has('/')) {
    $('tree').replaceChildren(treeRow({ name: '/', path: '/', kind: 'persistent', numChildren: 1, dataLength: 0 }));
  }
  const root = await getJson('/api/node?path=/');
  updateRow(state.rows.get('/'), { name: '/', path: '/', kind: root.kind, numChildren: root.stat.numChildren, dataLength: root.data.length });
  const open = [...state.expanded].sort((a, b) => a.split('/').length - b.split('/').length);
  for (const path of open) {
    if (state.rows.has(path)) await loadChildren(path);
  }
}

// ------------------------------------------------------------------ the node panel

async function select(path) {
  if (path !== state.selected) state.tab = null; // a Text/Hex choice is for the node it was made on
  state.selected = path;
  for (const [p, li] of state.rows) li.firstChild.classList.toggle('selected', p === path);
  const li = state.rows.get(path);
  if (li && !state.expanded.has(path) && Number(li.dataset.children) > 0) {
    state.expanded.add(path);
    loadChildren(path);
  }
  await refreshSelected();
}

async function refreshSelected() {
  const path = state.selected;
  if (path === null) return;
  $('node-path').textContent = path;
  $('node-empty').hidden = true;
  try {
    renderNode(await getJson(`/api/node?path=${q(path)}`));
    $('node-gone').hidden = true;
  } catch (e) {
    if (e.status !== 404 || path !== state.selected) throw e;
    $('node-gone').hidden = false;
    $('node-details').hidden = true;
  }
}

function renderNode(n) {
  if (n.path !== state.selected) return; // the user clicked elsewhere meanwhile
  $('node-details').hidden = false;
  const kind = $('node-kind');
  kind.textContent = n.kind + (n.ttlMillis != null ? ` · ttl ${n.ttlMillis} ms` : '');
  kind.className = `kind kind-${n.kind}`;
  $('node-owner').textContent = n.ephemeralOwner ? `owned by session ${n.ephemeralOwner}` : '';

  const d = n.data;
  $('data-length').textContent = d.isNull ? '(null)' : `(${plural(d.length, 'byte')})`;
  const text = $('node-data-text');
  if (d.isNull || d.length === 0) {
    text.textContent = d.isNull ? 'null data' : 'empty';
  } else {
    text.textContent = d.text ?? 'not valid UTF-8: see Hex';
  }
  text.classList.toggle('none', d.isNull || d.length === 0 || d.text == null);
  $('node-data-hex').textContent = d.shown > 0 ? hexDump(d.hex) : '(no bytes)';
  $('data-cut').hidden = d.shown >= d.length;
  $('data-cut').textContent = `showing the first ${d.shown.toLocaleString()} of ${d.length.toLocaleString()} bytes`;
  showTab(state.tab ?? (d.printable || d.length === 0 ? 'text' : 'hex'));

  const stat = $('stat-table');
  stat.replaceChildren(...STAT_FIELDS.map((f) => {
    const td = el('td', { id: `stat-${f}` }, n.stat[f]);
    if (f === 'ctime' || f === 'mtime') td.append(el('span', { class: 'when' }, dateTime(n.stat[f])));
    return el('tr', {}, el('th', {}, f), td);
  }));

  $('acl-table').tBodies[0].replaceChildren(...n.acl.map((a) => el('tr', {},
    el('td', { class: 'mono' }, a.perms), el('td', {}, a.scheme), el('td', { class: 'mono' }, a.id))));
}

function showTab(tab) {
  $('tab-text').classList.toggle('active', tab === 'text');
  $('tab-hex').classList.toggle('active', tab === 'hex');
  $('node-data-text').hidden = tab !== 'text';
  $('node-data-hex').hidden = tab !== 'hex';
}

// ------------------------------------------------------------------ polling

function setLive(ok, message) {
  $('live').className = `live ${ok ? 'ok' : 'down'}`;
  $('live-text').textContent = ok ? `live · ${new Date().toLocaleTimeString([], { hour12: false })}`
    : `not reachable (${message}) · retrying`;
}

let polling = false; // one poll at a time: a fault's poll.now() during one asks for another right after it
let pollSoon = false;

async function poll() {
  if (polling) { pollSoon = true; return; }
  polling = true;
  clearTimeout(poll.timer);
  try {
    const [status, sessions, txns] = await Promise.all([
      getJson('/api/status'), getJson('/api/sessions'), getJson('/api/txns')]);
    renderStatus(status);
    renderSessions(sessions);
    renderTxns(txns);
    if (status.role !== 'standalone') await pollEnsemble();
    if (status.lastZxid !== state.lastZxid) { // the tree only changes with a txn
      await refreshTree();
      await refreshSelected();
      state.lastZxid = status.lastZxid;
    }
    setLive(true);
  } catch (e) {
    setLive(false, e.message);
  } finally {
    polling = false;
    poll.timer = setTimeout(poll, pollSoon ? 50 : POLL_MILLIS);
    pollSoon = false;
  }
}
/** After a fault: poll at once instead of within the second. */
poll.now = () => {
  if (polling) { pollSoon = true; return; }
  clearTimeout(poll.timer);
  poll.timer = setTimeout(poll, 50);
};

document.addEventListener('DOMContentLoaded', () => {
  $('tab-text').addEventListener('click', () => { state.tab = 'text'; showTab('text'); });
  $('tab-hex').addEventListener('click', () => { state.tab = 'hex'; showTab('hex'); });
  poll();
});
