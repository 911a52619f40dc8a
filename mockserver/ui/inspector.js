// The inspector page: a live list of the journal's requests, one request's
// headers and bodies, and panels for keys, webhooks, faults and the clock. It
// uses only the control API (see mockserver/inspector.go) and builds every
// element with textContent, so nothing the mock journaled is read as HTML.
"use strict";

const api = "/_mock";
const maxRows = 1000;
const $ = (sel) => document.querySelector(sel);

const rows = new Map(); // requestId -> summary
let selected = "";
let lastSeq = 0;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

async function call(method, path, body) {
  const opts = { method, headers: {} };
  if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  const resp = await fetch(api + path, opts);
  const text = await resp.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = text; }
  if (!resp.ok) {
    const msg = data && data.error ? data.error.message : resp.status + " " + text;
    throw new Error(msg);
  }
  return data;
}

function statusClass(s) { return "s" + String(s || 0)[0]; }

function fmtTime(iso) {
  const d = new Date(iso);
  return d.toISOString().slice(11, 23);
}

function rateText(rl) {
  if (!rl) return "";
  if (rl.limit >= 1 << 30) return "off";
  return rl.remaining + "/" + rl.limit + " · " + rl.reset + "s";
}

// The request list.

function matches(e) {
  const f = $("#filter").value.trim().toLowerCase();
  if (!f) return true;
  return [e.method, e.path, e.operation, String(e.status), e.keyPrefix, e.region]
    .some((v) => (v || "").toLowerCase().includes(f));
}

function rowFor(e, fresh) {
  const tr = el("tr", {
    "data-id": e.requestId, "data-op": e.operation || "", "data-status": String(e.status),
    class: (e.requestId === selected ? "selected " : "") + (fresh ? "fresh" : ""),
    onclick: () => select(e.requestId),
  },
  el("td", { text: fmtTime(e.time) }),
  el("td", { text: e.method }),
  el("td", { class: "path", text: e.path + (e.query ? "?" + e.query : ""), title: e.path }),
  el("td", { text: e.operation || "–" }),
  el("td", { class: statusClass(e.status), text: e.status ? String(e.status) : "dropped" },
    e.fault ? el("span", { class: "tag", text: "fault " + e.fault }) : null),
  el("td", { class: "num", text: (e.durationMicros / 1000).toFixed(1) }),
  el("td", { text: e.keyPrefix || "" }),
  el("td", { text: e.region }),
  el("td", { text: rateText(e.rateLimit) }));
  tr.hidden = !matches(e);
  return tr;
}

function addEntry(e, fresh) {
  rows.set(e.requestId, e);
  lastSeq = Math.max(lastSeq, e.seq);
  const body = $("#requests tbody");
  body.prepend(rowFor(e, fresh));
  while (body.rows.length > maxRows) {
    const last = body.rows[body.rows.length - 1];
    rows.delete(last.dataset.id);
    last.remove();
  }
  updateCount();
}

function updateCount() {
  const shown = [...$("#requests tbody").rows].filter((r) => !r.hidden).length;
  $("#count").textContent = shown + " of " + rows.size;
}

function refilter() {
  for (const tr of $("#requests tbody").rows) tr.hidden = !matches(rows.get(tr.dataset.id));
  updateCount();
}

function clearRows() {
  rows.clear();
  $("#requests tbody").replaceChildren();
  updateCount();
}

// One request's detail.

function prettyBody(m) {
  if (!m.body) return m.bodySize ? "(" + m.bodySize + " bytes, not kept)" : "(no body)";
  if (m.bodyEncoding === "base64") return "(base64) " + m.body;
  try { return JSON.stringify(JSON.parse(m.body), null, 2); } catch { return m.body; }
}

function headerList(h) {
  const dl = el("dl");
  for (const name of Object.keys(h || {}).sort()) {
    for (const v of h[name]) dl.append(el("dt", { text: name }), el("dd", { text: v }));
  }
  return dl;
}

function messageBlock(title, id, m) {
  if (!m) return el("div", {}, el("h3", { text: title }), el("p", { class: "muted", text: "no answer: the connection was dropped" }));
  const size = m.bodySize + " bytes" + (m.truncated ? ", the first " + m.body.length + " kept" : "");
  return el("div", {},
    el("h3", { text: title + " headers" }), headerList(m.headers),
    el("h3", { text: title + " body · " + size }), el("pre", { id, text: prettyBody(m) }));
}

async function select(id) {
  selected = id;
  for (const tr of $("#requests tbody").rows) tr.classList.toggle("selected", tr.dataset.id === id);
  const detail = $("#detail");
  let e;
  try {
    e = await call("GET", "/journal/" + encodeURIComponent(id));
  } catch (err) {
    detail.className = "empty";
    detail.replaceChildren("This request is no longer in the journal: " + err.message);
    return;
  }
  detail.className = "";
  // What is shown, for whoever waits for it (the browser test).
  Object.assign(detail.dataset, { id: e.requestId, op: e.operation || "", status: String(e.status) });
  detail.replaceChildren(
    el("h2", { text: e.method + " " + e.path + (e.query ? "?" + e.query : "") }),
    el("dl", {},
      el("dt", { text: "status" }), el("dd", { class: statusClass(e.status), text: e.status ? String(e.status) : "dropped (fault)" }),
      el("dt", { text: "operation" }), el("dd", { text: e.operation || "–" }),
      el("dt", { text: "request id" }), el("dd", { text: e.requestId }),
      el("dt", { text: "time" }), el("dd", { text: e.time + " (mock clock)" }),
      el("dt", { text: "duration" }), el("dd", { text: (e.durationMicros / 1000).toFixed(2) + " ms" }),
      el("dt", { text: "key" }), el("dd", { text: e.keyPrefix || "none" }),
      el("dt", { text: "region" }), el("dd", { text: e.region }),
      el("dt", { text: "rate limit" }), el("dd", { text: rateText(e.rateLimit) || "–" }),
      e.fault ? el("dt", { text: "fault" }) : null, e.fault ? el("dd", { text: "#" + e.fault + " (injected)" }) : null),
    messageBlock("Request", "detail-request-body", e.request),
    messageBlock("Response", "detail-response-body", e.response));
}

// The live stream.

function connect() {
  const es = new EventSource(api + "/journal/stream?after=" + lastSeq);
  es.addEventListener("open", () => { $("#live").textContent = "live"; $("#live").className = "pill"; });
  es.addEventListener("error", () => { $("#live").textContent = "reconnecting…"; $("#live").className = "pill off"; });
  es.addEventListener("entry", (ev) => {
    const e = JSON.parse(ev.data);
    if (!rows.has(e.requestId)) addEntry(e, true);
  });
  es.addEventListener("reset", () => clearRows());
}

// The panels.

function renderKeys(st) {
  const l = st.limits;
  $("#limit-settings").textContent = "Profile " + l.profile + ": " +
    (l.limit < 0 ? "limiting off" : l.limit + " requests per " + l.windowSeconds + " s per user") + ". Windows are per user.";
  $("#keys tbody").replaceChildren(...st.keys.map((k) => el("tr", {},
    el("td", { text: k.prefix + "…", title: k.name + " (user " + k.userId + ")" }),
    el("td", { text: k.generation === "legacy" ? "legacy" : (k.full ? "all scopes" : k.scopes + " scopes") + (k.region ? " " + k.region.toUpperCase() : "") + (k.workspaceId ? ", 1 ws" : "") }),
    el("td", { class: k.state === "active" ? "s2" : "s4", text: k.state }),
    el("td", { text: rateText(k.window) }))));
}

function renderWebhooks(st) {
  $("#webhooks tbody").replaceChildren(...st.webhooks.map((w) => el("tr", {},
    el("td", { class: "path", text: w.url, title: w.id }),
    el("td", { text: w.events.length ? w.events.join(", ") : "all" }),
    el("td", { text: w.secretPrefix }),
    el("td", { class: w.active ? "s2" : "s5", text: w.active ? "active" : "disabled" }))));
  if (!st.webhooks.length) $("#webhooks tbody").append(el("tr", {}, el("td", { class: "muted", text: "none: add one with POST /_mock/webhooks or -webhook", colspan: "4" })));
  $("#deliveries tbody").replaceChildren(...st.deliveries.map((d) => el("tr", { "data-id": d.id },
    el("td", { text: d.event, title: d.eventId }),
    el("td", { class: d.status === "delivered" ? "s2" : d.status === "failed" ? "s5" : "s4", text: d.status }),
    el("td", {}, ...d.attempts.map((a) => el("span", { class: "attempt",
      text: (a.statusCode || a.error || "–") + " · " + (a.durationMicros / 1000).toFixed(1) + " ms" + (a.responseBody ? " · " + a.responseBody.slice(0, 60) : "") }))),
    el("td", {}, el("button", { class: "secondary redeliver", type: "button", text: "Redeliver",
      onclick: () => call("POST", "/webhooks/deliveries/" + d.id + "/redeliver").then(refreshState, showError) })))));
}

function renderFaults(st) {
  $("#faults tbody").replaceChildren(...st.faults.map((f) => el("tr", {},
    el("td", { text: String(f.id) }),
    el("td", { text: f.operation || "any" }),
    el("td", { text: f.keyPrefix || "any" }),
    el("td", { text: [f.status ? String(f.status) : "", f.latencyMs ? "+" + f.latencyMs + " ms" : "", f.drop ? "drop" : ""].filter(Boolean).join(" ") }),
    el("td", { text: String(f.count) }))));
  const list = $("#operations");
  if (!list.children.length) list.append(...st.operations.map((op) => el("option", { value: op })));
}

function fmtOffset(s) {
  if (!s) return "(not advanced)";
  const d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60), sec = Math.round(s % 60);
  return "(+" + (d ? d + "d " : "") + (h ? h + "h " : "") + (m ? m + "m " : "") + sec + "s)";
}

async function refreshState() {
  let st;
  try { st = await call("GET", "/ui/state"); } catch { return; }
  $("#version").textContent = st.version;
  $("#clock-now").textContent = st.now;
  $("#clock-now").dataset.offset = String(st.offsetSeconds);
  $("#clock-offset").textContent = fmtOffset(st.offsetSeconds);
  $("#journal-usage").textContent = "journal " + st.journal.entries + "/" + st.journal.maxEntries + " entries, " +
    (st.journal.bytes / 1024).toFixed(0) + " KiB of " + (st.journal.maxBytes / 1048576).toFixed(0) + " MiB";
  renderKeys(st);
  renderWebhooks(st);
  renderFaults(st);
}

function showError(err) {
  const p = $("#fault-error");
  p.textContent = err.message;
  p.hidden = false;
}

function wire() {
  $("#filter").addEventListener("input", refilter);
  $("#advance-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    call("POST", "/clock/advance", { seconds: Number($("#advance-seconds").value) }).then(refreshState, showError);
  });
  $("#fault-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    $("#fault-error").hidden = true;
    const f = { count: Number($("#fault-count").value) || 1 };
    if ($("#fault-operation").value) f.operation = $("#fault-operation").value;
    if ($("#fault-key").value) f.keyPrefix = $("#fault-key").value;
    if (Number($("#fault-status").value)) f.status = Number($("#fault-status").value);
    if (Number($("#fault-latency").value)) f.latencyMs = Number($("#fault-latency").value);
    if ($("#fault-drop").checked) f.drop = true;
    call("POST", "/faults", f).then(refreshState, showError);
  });
  $("#faults-clear").addEventListener("click", () => call("DELETE", "/faults").then(refreshState, showError));
  $("#clear-journal").addEventListener("click", () => call("DELETE", "/journal").then(refreshState, showError));
}

async function start() {
  wire();
  try {
    const j = await call("GET", "/journal?summary=true&limit=" + maxRows);
    for (const e of j.entries) addEntry(e, false);
  } catch (err) {
    $("#detail").textContent = "The journal cannot be read: " + err.message;
  }
  connect();
  await refreshState();
  setInterval(refreshState, 2000);
}

start();
