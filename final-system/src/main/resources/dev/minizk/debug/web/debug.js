// The minizk debugger's page: renders the JSON the server answers (GET /api/state and every
// action) and sends the person's clicks back. Everything is drawn here, the sequence diagram
// too (SVG), with nothing loaded from elsewhere; data goes into the page as text, never as markup.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const LANE_WIDTH = 170;
const ROW_HEIGHT = 36;
const TOP = 56;
const LEFT = 70;

let view = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.substring(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

async function call(method, path, body) {
  const options = { method };
  if (body !== undefined) {
    options.body = typeof body === "string" ? body : JSON.stringify(body);
    options.headers = { "Content-Type": typeof body === "string" ? "text/plain" : "application/json" };
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch (e) {
    showError("the debugger does not answer (" + e.message + "): is ./minizk debug still running?");
    return;
  }
  const answer = await response.json();
  if (!response.ok) {
    showError(answer.error || ("HTTP " + response.status));
    return;
  }
  showError(null);
  render(answer);
}

function showError(message) {
  const box = document.getElementById("error");
  box.hidden = message === null;
  box.textContent = message || "";
}

// ------------------------------------------------------------------ rendering

function render(answer) {
  view = answer;
  document.getElementById("scenario").textContent = view.scenario;
  document.getElementById("state-id").textContent = view.state;
  document.getElementById("depth").textContent = view.path.length;
  document.getElementById("time").textContent = view.timeMillis;
  document.getElementById("note").textContent = view.note ? "trace: " + view.note : "";
  document.getElementById("export").setAttribute("download", view.scenario + ".trace");
  document.body.dataset.state = view.state;
  renderFaults();
  renderNodes();
  renderDiagram();
  renderTree();
}

function renderFaults() {
  const bar = document.getElementById("faults");
  bar.replaceChildren(el("span", {}, "faults:"));
  for (const fault of view.faults) {
    bar.append(el("button", {
      type: "button", class: "fault", "data-action": fault.action, "data-node": fault.node,
      onclick: () => call("POST", "api/choose", { action: fault.action, seq: fault.node })
    }, fault.label));
  }
}

function renderNodes() {
  const columns = document.getElementById("nodes");
  columns.replaceChildren();
  const world = view.pending.filter(p => p.node === 0);
  for (const node of view.nodes) {
    columns.append(nodeColumn(node, view.pending.filter(p => p.node === node.id)));
  }
  if (world.length > 0) {
    columns.append(column("world", "", [], world));
  }
}

function nodeColumn(node, pending) {
  const badges = [el("span", { class: "badge " + node.role }, node.role)];
  if (node.isolated) badges.push(el("span", { class: "badge isolated" }, "cut off"));
  if (node.incarnation > 1) badges.push(el("span", { class: "badge" }, "run " + node.incarnation));
  const fields = [["epoch", node.epoch], ["zxid", node.zxid], ["round", node.round], ["vote", node.vote]]
    .filter(([, value]) => value);
  const body = [];
  if (fields.length > 0) {
    body.push(el("table", {}, ...fields.map(([name, value]) => el("tr", {}, el("td", {}, name), el("td", {}, value)))));
  }
  section(body, "log", node.log);
  section(body, "sessions", node.sessions);
  section(body, "state", node.details);
  const col = column("n" + node.id, node.up ? "" : "down", badges, pending, body);
  col.dataset.node = node.id;
  return col;
}

function section(body, title, lines) {
  if (lines.length > 0) {
    body.push(el("h4", {}, title), el("ul", { class: title }, ...lines.map(line => el("li", {}, line))));
  }
}

function column(title, extraClass, badges, pending, body) {
  const list = el("ul", { class: "pending" });
  for (const event of pending) {
    const li = el("li", {});
    if (event.actions.length === 0) {
      li.className = "waiting";
      li.dataset.seq = event.seq;
      li.title = "waits: an older event on its channel, a timer due first, or its server's start comes before it";
      li.append("#" + event.seq + " " + event.what);
    } else {
      for (const action of event.actions) {
        const label = action === "run" ? "#" + event.seq + " " + event.what : action;
        li.append(el("button", {
          type: "button", class: "event " + event.kind, "data-seq": event.seq, "data-action": action,
          title: action === "run" ? "deliver / run it now" : action + " it",
          onclick: () => call("POST", "api/choose", { action, seq: event.seq })
        }, label));
      }
    }
    list.append(li);
  }
  return el("div", { class: "node " + extraClass }, el("h3", {}, title, ...badges), ...(body || []),
    el("h4", {}, "pending (" + pending.length + ")"), list);
}

// ------------------------------------------------------------------ the sequence diagram

function laneX(index) {
  return LEFT + index * LANE_WIDTH + LANE_WIDTH / 2;
}

function rowY(row) {
  return TOP + row * ROW_HEIGHT;
}

function renderDiagram() {
  const d = view.diagram;
  const lanes = new Map(d.lanes.map((id, i) => [id, i]));
  const rows = d.rows + 1;
  const width = LEFT + d.lanes.length * LANE_WIDTH + 20;
  const height = rowY(rows) + 50;
  // Self-contained (font, colours in attributes): the same drawing saved as a file reads the same.
  const root = svg("svg", { width, height, viewBox: "0 0 " + width + " " + height, role: "img", "font-family": "sans-serif",
    "aria-label": "sequence diagram of " + d.rows + " steps" });
  root.append(defs());
  // Lifelines and participant boxes, top and bottom, as PlantUML draws them.
  d.lanes.forEach((id, i) => {
    const x = laneX(i);
    root.append(svg("line", { x1: x, y1: 36, x2: x, y2: rowY(rows) + 8, stroke: "#181818", "stroke-dasharray": "5,5" }));
    for (const y of [8, rowY(rows) + 8]) {
      root.append(svg("rect", { x: x - 36, y, width: 72, height: 28, rx: 2.5, fill: "#E2E2F0", stroke: "#181818" }));
      root.append(svg("text", { x, y: y + 19, "text-anchor": "middle", "font-size": 14 }, "n" + id));
    }
  });
  // Step numbers: a click goes back to the state after that step.
  for (let row = 0; row < rows; row++) {
    const state = row === 0 ? 0 : view.path[row - 1].state;
    const label = svg("text", { x: 8, y: rowY(row) + 4, "font-size": 12,
      class: "row-label" + (row === d.rows ? " current" : ""), "data-state": state }, row === 0 ? "start" : String(row));
    label.addEventListener("click", () => call("POST", "api/goto", { state }));
    const title = svg("title", {}, row === 0 ? "the initial state" : view.path[row - 1].line);
    label.append(title);
    root.append(label);
    if (row > 0) root.append(svg("line", { x1: LEFT - 10, y1: rowY(row) - ROW_HEIGHT / 2, x2: width - 10,
      y2: rowY(row) - ROW_HEIGHT / 2, stroke: "#eee" }));
  }
  for (const mark of d.marks) root.append(markBox(mark, lanes, width));
  for (const message of d.messages) {
    if (lanes.has(message.from) && lanes.has(message.to)) root.append(arrow(message, lanes, d.rows));
  }
  document.getElementById("diagram").replaceChildren(root);
}

function defs() {
  const defs = svg("defs");
  for (const [id, color] of [["head", "#181818"], ["head-lost", "#c62828"], ["head-flight", "#888"]]) {
    const marker = svg("marker", { id, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: "auto-start-reverse" });
    marker.append(svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: color }));
    defs.append(marker);
  }
  return defs;
}

function arrow(message, lanes, lastRow) {
  const group = svg("g", { class: "msg " + message.fate.replace(" ", "-") });
  const x1 = laneX(lanes.get(message.from));
  let x2 = laneX(lanes.get(message.to));
  const y1 = rowY(message.sentStep) + 4;
  let y2 = message.deliveredStep < 0 ? rowY(lastRow) + ROW_HEIGHT * 0.75 : rowY(message.deliveredStep);
  if (message.from === message.to) x2 = x1 + 30;
  const attrs = { x1, y1, x2, y2, stroke: "#181818", "stroke-width": 1.2, "marker-end": "url(#head)" };
  if (message.fate === "lost") {
    attrs.x2 = (x1 + x2) / 2;
    attrs.y2 = (y1 + y2) / 2;
    Object.assign(attrs, { stroke: "#c62828", "marker-end": "" });
  } else if (message.fate === "in flight") {
    // Still on its way: drawn halfway, dashed, toward where it would arrive.
    attrs.x2 = x1 + (x2 - x1) * 0.5;
    attrs.y2 = y1 + (y2 - y1) * 0.5;
    Object.assign(attrs, { stroke: "#888", "stroke-dasharray": "4,3", "marker-end": "url(#head-flight)" });
  }
  group.append(svg("line", attrs));
  if (message.fate === "lost") {
    group.append(svg("text", { x: attrs.x2, y: attrs.y2 + 5, "text-anchor": "middle", "font-size": 16, fill: "#c62828" }, "✕"));
  }
  // The label rides along the arrow, at its middle, so arrows sent in one step do not write over each other.
  const mx = (x1 + attrs.x2) / 2;
  const my = (y1 + attrs.y2) / 2;
  let angle = Math.atan2(attrs.y2 - y1, attrs.x2 - x1) * 180 / Math.PI;
  if (angle > 90) angle -= 180;
  if (angle < -90) angle += 180;
  const text = svg("text", { x: mx, y: my - 3, "font-size": 10, "text-anchor": "middle",
    transform: "rotate(" + angle.toFixed(1) + " " + mx + " " + my + ")",
    fill: message.fate === "in flight" ? "#888" : "#181818" }, shorten(message.label, 30));
  text.append(svg("title", {}, "n" + message.from + " → n" + message.to + ": " + message.label + " (" + message.fate + ")"));
  group.append(text);
  return group;
}

function markBox(mark, lanes, width) {
  const colors = { timer: "#E3F2FD", start: "#FFF8E1", restart: "#FFF8E1", act: "#FFF8E1", trace: "#E8F5E9",
    synced: "#E8F5E9", crash: "#FFEBEE", fault: "#FFEBEE" };
  const y = rowY(mark.step) - 9;
  const label = mark.kind === "trace" ? mark.label : mark.kind + (mark.label ? " " + mark.label : "");
  const group = svg("g", { class: "mark " + mark.kind });
  let x;
  let w;
  if (mark.node === 0 || !lanes.has(mark.node)) { // the world's: across every lane
    x = LEFT;
    w = width - LEFT - 20;
  } else {
    x = laneX(lanes.get(mark.node)) + 4; // a note right of its lifeline, as PlantUML's "note right"
    w = LANE_WIDTH / 2 + 10;
  }
  group.append(svg("rect", { x, y, width: w, height: 16, fill: colors[mark.kind] || "#FFF8E1", stroke: "#181818",
    "stroke-width": 0.5 }));
  const text = svg("text", { x: x + 4, y: y + 12, "font-size": 10 }, shorten(label, mark.node === 0 ? 120 : 16));
  text.append(svg("title", {}, label));
  group.append(text);
  return group;
}

function shorten(text, max) {
  return text.length <= max ? text : text.substring(0, max - 1) + "…";
}

// ------------------------------------------------------------------ the history tree

function renderTree() {
  const byId = new Map(view.tree.map(n => [n.id, n]));
  const onPath = new Set([0, ...view.path.map(s => s.state)]);
  const root = el("ul", {});
  chain(byId.get(0), root, byId, onPath);
  document.getElementById("tree").replaceChildren(root);
}

// A chain of states with one child each is one list; a state with several children opens a branch per child.
function chain(start, list, byId, onPath) {
  let node = start;
  while (node) {
    const id = node.id; // the click comes after the loop moved on
    const link = el("a", {
      class: "state" + (onPath.has(id) ? " on-path" : "") + (id === view.state ? " current" : ""),
      "data-state": id, title: node.label, href: "#",
      onclick: event => { event.preventDefault(); call("POST", "api/goto", { state: id }); }
    }, "#" + id + " " + (node.parent < 0 ? node.label : shorten(node.label.replace(/\s+#\s+/, ": "), 48)));
    list.append(el("li", { "data-state": node.id }, link));
    if (node.children.length === 1) {
      node = byId.get(node.children[0]);
    } else {
      for (const child of node.children) {
        const branch = el("ul", {});
        list.append(el("li", { class: "branch" }, el("span", { class: "branch-mark" }, "branch from #" + node.id), branch));
        chain(byId.get(child), branch, byId, onPath);
      }
      node = null;
    }
  }
}

// ------------------------------------------------------------------ controls

function loadForm(event) {
  event.preventDefault();
  const kind = document.getElementById("kind").value;
  const body = {
    kind,
    servers: Number(document.getElementById("servers").value),
    seed: Number(document.getElementById("seed").value),
    broken: document.getElementById("broken").checked
  };
  if (kind === "zab") body.writes = Number(document.getElementById("writes").value);
  call("POST", "api/load", body);
}

function showWrites() {
  document.getElementById("writes-label").hidden = document.getElementById("kind").value !== "zab";
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("load-form").addEventListener("submit", loadForm);
  document.getElementById("kind").addEventListener("change", showWrites);
  document.getElementById("open-trace").addEventListener("click", () =>
    call("POST", "api/trace", document.getElementById("trace-text").value));
  document.getElementById("trace-file").addEventListener("change", event => {
    const file = event.target.files[0];
    if (file) file.text().then(text => {
      document.getElementById("trace-text").value = text;
      call("POST", "api/trace", text);
    });
  });
  showWrites();
  call("GET", "api/state");
});
