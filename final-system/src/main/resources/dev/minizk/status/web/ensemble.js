// minizk status page, an ensemble member's parts: every member side by side, the live charts,
// the fault buttons and the timeline. status.js polls and calls pollEnsemble(); both scripts share
// its helpers ($, el, getJson, plural, clock).
'use strict';

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

// ------------------------------------------------------------------ polling

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
  $('fault-partition').addEventListener('click', partition);
  $('fault-heal').addEventListener('click', () => inject('heal', {}, 'Heal every cut link of the ensemble?'));
});
