// minizk status page: polls the JSON API every second and redraws what changed.
// No framework: the page is small, and it must work on machines without internet.
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

/** An ensemble member's view: who leads, each member's link and lag, the disk. Hidden on a standalone server. */
function renderEnsemble(e) {
  $('ensemble').hidden = false;
  $('faults').hidden = false;
  $('ensemble-summary').textContent = `${e.role} · leader ${e.leader || 'none (looking)'} · epoch ${e.currentEpoch}`
    + ` (accepted ${e.acceptedEpoch}) · logged ${e.lastLoggedZxid} · committed ${e.lastCommittedZxid}`
    + (e.role === 'leader' ? ` · ${plural(e.outstandingProposals, 'outstanding proposal')}` : '');
  const dash = (v) => (v === null || v === undefined ? '–' : v);
  const rows = e.members.map((m) => el('tr', { dataset: { member: m.id } },
    el('td', {}, `server ${m.id}${m.observer ? ' (observer)' : ''}${m.self ? ' · this one' : ''}${m.id === e.leader ? ' · leader' : ''}`),
    el('td', { class: m.self ? '' : (m.linked ? 'ok' : 'down') }, m.self ? '–' : (m.linked ? 'up' : 'down')),
    el('td', {}, m.phase || '–'),
    el('td', { class: 'num' }, dash(m.unackedProposals)),
    el('td', { class: 'num' }, m.owedAcks === null ? '–' : `${m.owedAcks}${m.oldestOwedZxid ? ` (${m.oldestOwedZxid})` : ''}`),
    el('td', { class: 'num' }, m.millisSinceHeard === null ? '–' : `${m.millisSinceHeard} ms ago`),
    el('td', { class: 'num' }, m.self ? '–' : `${m.messagesSent} / ${m.messagesReceived} / ${m.messagesDropped}`)));
  $('members').tBodies[0].replaceChildren(...rows);
  const d = e.disk;
  $('ensemble-disk').textContent = `fsync: ${d.fsyncs} so far, ${d.averageFsyncMillis.toFixed(2)} ms on average, `
    + `last ${d.lastFsyncMillis.toFixed(2)} ms, max ${d.maxFsyncMillis.toFixed(2)} ms · ${d.syncsPerFsync.toFixed(2)} syncs per fsync`
    + ` · ${d.txnsPerSync.toFixed(2)} txns per log sync (${d.logSyncs} syncs)`;
}

// ------------------------------------------------------------------ every member side by side

const zxidEpoch = (hex) => Number(BigInt(hex) >> 32n);

/** How far a member trails the most advanced reachable one, in txns (same epoch) or as "an older epoch". */
function behind(view, newest) {
  const mine = BigInt(view.lastCommittedZxid);
  if (mine >= newest) return { text: 'up to date', late: false };
  if (zxidEpoch(view.lastCommittedZxid) === Number(newest >> 32n)) {
    const n = Number(newest - mine);
    return { text: `behind by ${plural(n, 'txn')}`, late: true };
  }
  return { text: `behind: still at epoch ${zxidEpoch(view.lastCommittedZxid)}`, late: true };
}

function renderMembers(all) {
  const reachable = all.members.filter((m) => m.reachable);
  const newest = reachable.reduce((max, m) => (BigInt(m.view.lastCommittedZxid) > max ? BigInt(m.view.lastCommittedZxid) : max), 0n);
  const leaderView = reachable.map((m) => m.view).find((v) => v.role === 'leader');
  const cards = all.members.map((m) => {
    const v = m.view;
    const role = m.reachable ? v.role : 'unreachable';
    const card = el('div', { class: `member-card state-${role}`, dataset: { member: m.id, role } },
      el('div', { class: 'mc-head' }, el('b', {}, `server ${m.id}`), el('span', { class: `role role-${role}` }, role),
        m.id === all.serverId ? el('span', { class: 'muted small' }, 'this page') : ''));
    if (!m.reachable) {
      card.append(el('div', { class: 'mc-lag down' }, m.error || 'no answer'));
    } else {
      const lag = behind(v, newest);
      const seen = leaderView && leaderView.members.find((x) => x.id === m.id);
      card.append(
        el('div', { class: `mc-lag ${lag.late ? 'late' : 'ok'}` }, lag.text),
        el('div', { class: 'mono small' }, `epoch ${v.currentEpoch} · logged ${v.lastLoggedZxid} · committed ${v.lastCommittedZxid}`),
        el('div', { class: 'small' }, v.role === 'leader' ? `${plural(v.outstandingProposals, 'outstanding proposal')}`
          : (seen && seen.owedAcks !== null ? `commit lag (leader's view): ${plural(seen.owedAcks, 'ack')} owed` : 'not synced with a leader')),
        el('div', { class: 'small muted' }, `fsync ${v.disk.averageFsyncMillis.toFixed(2)} ms avg · ${v.disk.txnsPerSync.toFixed(2)} txns/sync`));
    }
    card.append(faultButtons(m.id));
    return card;
  });
  $('member-cards').replaceChildren(...cards);
  renderPartitionChoices(all.members.map((m) => m.id));
  return leaderView;
}

// ------------------------------------------------------------------ live charts (our own SVG)

const CHART_POINTS = 60;
const charts = { writes: [], commit: [], ownPrevious: null, leaderPrevious: null };

function sample(series, value) {
  series.push(value);
  if (series.length > CHART_POINTS) series.shift();
}

/** One chart step per poll: writes/s from this server's counters, commit latency from the leader's. */
function updateCharts(own, leaderView) {
  const prev = charts.ownPrevious;
  if (prev && own.time > prev.time) {
    sample(charts.writes, Math.max(0, (own.throughput.txnsApplied - prev.throughput.txnsApplied) * 1000 / (own.time - prev.time)));
  }
  charts.ownPrevious = own;
  const lp = charts.leaderPrevious;
  if (leaderView && lp && lp.serverId === leaderView.serverId && leaderView.throughput.commits >= lp.throughput.commits) {
    const commits = leaderView.throughput.commits - lp.throughput.commits;
    sample(charts.commit, commits === 0 ? null : (leaderView.throughput.commitMillisTotal - lp.throughput.commitMillisTotal) / commits);
  } else if (!leaderView) {
    sample(charts.commit, null);
  }
  charts.leaderPrevious = leaderView || null;
  drawChart($('chart-writes'), charts.writes, (v) => v.toFixed(0));
  drawChart($('chart-commit'), charts.commit, (v) => `${v.toFixed(1)} ms`);
  const last = (series) => [...series].reverse().find((v) => v !== null);
  const w = last(charts.writes);
  const c = last(charts.commit);
  $('chart-writes-now').textContent = w === undefined ? '' : `now ${w.toFixed(0)}/s`;
  $('chart-commit-now').textContent = c === undefined ? '' : `last ${c.toFixed(2)} ms`;
  $('chart-commit-note').textContent = leaderView ? `PROPOSAL to COMMIT on the leader (server ${leaderView.serverId}), ms, average per second`
    : 'no leader now';
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** A line per run of known values (a gap where none was measured), scaled to the series' maximum. */
function drawChart(box, series, label) {
  const W = 320; const H = 90; const top = 14;
  const known = series.filter((v) => v !== null);
  const max = Math.max(1, ...known) * 1.15;
  const x = (i) => (W * (i + CHART_POINTS - series.length)) / (CHART_POINTS - 1);
  const y = (v) => H - 2 - ((H - top - 2) * v) / max;
  const parts = [svg('line', { x1: 0, y1: H - 1, x2: W, y2: H - 1, class: 'axis' })];
  let run = [];
  const flush = () => {
    if (run.length > 1) parts.push(svg('polyline', { points: run.join(' '), class: 'series' }));
    if (run.length === 1) parts.push(svg('circle', { cx: run[0].split(',')[0], cy: run[0].split(',')[1], r: 1.8, class: 'dotpoint' }));
    run = [];
  };
  series.forEach((v, i) => { if (v === null) flush(); else run.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`); });
  flush();
  box.parentElement.querySelector('.chart-scale').textContent = `top ${label(max)}`; // text in the SVG would stretch with it
  box.replaceChildren(...parts);
  box.dataset.points = String(known.length);
  box.dataset.max = String(Math.max(0, ...known));
}

// ------------------------------------------------------------------ faults and the timeline

const FAULTS = [
  ['kill', 'kill -9', (id) => `Kill server ${id} with SIGKILL (kill -9)? It stops at once, as on a power cut.`],
  ['pause', 'pause', (id) => `Pause server ${id} with SIGSTOP? It stays alive but silent, as in a long GC pause, until resumed.`],
  ['resume', 'resume', (id) => `Resume server ${id} with SIGCONT?`],
  ['restart', 'restart', (id) => `Restart server ${id}? The ensemble command starts it again (it must be stopped).`],
];

function faultButtons(id) {
  const box = el('div', { class: 'mc-actions' });
  for (const [action, label, question] of FAULTS) {
    const button = el('button', { type: 'button', class: `fault fault-${action}`, dataset: { action, server: id } }, label);
    button.addEventListener('click', () => inject(action, { servers: String(id) }, question(id)));
    box.append(button);
  }
  return box;
}

function renderPartitionChoices(ids) {
  for (const side of ['side', 'others']) {
    const box = $(`partition-${side}`);
    if (box.dataset.ids === ids.join(',')) continue; // keep what the user ticked
    box.dataset.ids = ids.join(',');
    box.replaceChildren(...ids.map((id) => el('label', {}, el('input', { type: 'checkbox', value: id, dataset: { [side]: id } }), ` ${id}`)));
  }
}

/** Asks, then injects through this page (POST with the confirm header); shows what happened or why not. */
async function inject(action, params, question) {
  if (!window.confirm(question)) return;
  const query = new URLSearchParams(params).toString();
  const result = $('fault-result');
  result.hidden = false;
  result.className = 'fault-result small';
  result.textContent = `${action}…`;
  try {
    const response = await fetch(`/api/ensemble/faults/${action}${query ? `?${query}` : ''}`,
      { method: 'POST', headers: { 'X-Minizk-Confirm': 'yes' }, cache: 'no-store' });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error(body && body.error ? body.error : `HTTP ${response.status}`);
    result.classList.add('ok');
    result.textContent = body.outcome.join(' · ');
  } catch (e) {
    result.classList.add('down');
    result.textContent = `${action} refused: ${e.message}`;
  }
  poll.now();
}

function partition() {
  const ticked = (box) => [...document.querySelectorAll(`#${box} input:checked`)].map((i) => i.value);
  const side = ticked('partition-side');
  const others = ticked('partition-others').filter((id) => !side.includes(id));
  if (side.length === 0) {
    $('fault-result').hidden = false;
    $('fault-result').className = 'fault-result small down';
    $('fault-result').textContent = 'tick the servers to cut off from the rest first';
    return;
  }
  const params = others.length ? { servers: side.join(','), others: others.join(',') } : { servers: side.join(',') };
  inject('partition', params, `Cut every link between server${side.length > 1 ? 's' : ''} ${side.join(', ')} and `
    + (others.length ? `server${others.length > 1 ? 's' : ''} ${others.join(', ')}?` : 'the rest?'));
}

let lastTimeline = '';
function renderTimeline(faults, own) {
  const items = faults.map((f) => ({ time: f.time, kind: 'fault', f }))
    .concat((own ? own.roleChanges : []).map((r) => ({ time: r.time, kind: 'role', r })))
    .sort((a, b) => b.time - a.time);
  const json = JSON.stringify(items);
  if (json === lastTimeline) return;
  lastTimeline = json;
  $('timeline').replaceChildren(...items.map((item) => {
    if (item.kind === 'role') {
      return el('li', { class: 'tl-role', dataset: { kind: 'role' } }, el('time', {}, clock(item.time)),
        el('span', {}, `this server: ${item.r.role.toLowerCase()}`), el('span', { class: 'muted small' }, ` (${item.r.why})`));
    }
    const f = item.f;
    const what = f.action === 'heal' ? 'heal every link'
      : f.action === 'partition' ? `partition ${f.servers.join(',')} | ${f.others.join(',')}`
        : `${f.action} server ${f.servers.join(', ')}`;
    return el('li', { class: `tl-fault tl-${f.action}`, dataset: { kind: 'fault', action: f.action } }, el('time', {}, clock(item.time)),
      el('b', {}, what), el('span', { class: 'muted small' }, ` · by ${f.by}`),
      el('div', { class: 'outcome small' }, f.outcome.join(' · ')));
  }));
  $('timeline-empty').hidden = faults.length > 0;
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

async function pollEnsemble() {
  const own = await getJson('/api/ensemble');
  renderEnsemble(own);
  const [members, faults] = await Promise.all([getJson('/api/members'),
    getJson('/api/ensemble/faults').catch(() => ({ faults: [] }))]); // no fault log: a member configured by hand
  const leaderView = renderMembers(members);
  updateCharts(own, leaderView);
  renderTimeline(faults.faults, own);
}

document.addEventListener('DOMContentLoaded', () => {
  $('tab-text').addEventListener('click', () => { state.tab = 'text'; showTab('text'); });
  $('tab-hex').addEventListener('click', () => { state.tab = 'hex'; showTab('hex'); });
  $('fault-partition').addEventListener('click', partition);
  $('fault-heal').addEventListener('click', () => inject('heal', {}, 'Heal every cut link of the ensemble?'));
  poll();
});
