// Small DOM helpers. Text only ever goes in through text nodes (never innerHTML), so server
// text is never parsed as markup; styles only through the CSSOM (the page's CSP has no inline style).

/** Builds an element: props set properties (class, dataset, on* listeners), children become nodes. */
export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
    else if (k === "for") node.htmlFor = v;
    else if (k.startsWith("aria-") || k === "role") node.setAttribute(k, String(v));
    else node[k] = v;
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

let uid = 0;
/** A labelled field: returns [wrapper, input]. Every input of the studio has a <label>. */
export function field(labelText, input, hint) {
  if (!input.id) input.id = "f" + (++uid);
  const wrap = el("div", { class: "field" }, el("label", { for: input.id }, labelText), input);
  if (hint) wrap.append(el("div", { class: "hint" }, hint));
  return wrap;
}

/** Shows a message in a status element; kind is "", "ok" or "error". */
export function say(target, text, kind) {
  if (!target) return;
  target.textContent = text || "";
  target.className = "msg" + (kind ? " " + kind : "");
}

export const percent = (p) => Math.round((Number(p) || 0) * 100) + " %";

/** Seconds as m:ss.s (or h:mm:ss). */
export function clock(sec) {
  if (!Number.isFinite(sec)) return "";
  const neg = sec < 0; sec = Math.abs(sec);
  const h = Math.floor(sec / 3600), m = Math.floor((sec % 3600) / 60), s = sec % 60;
  const ss = (s < 10 ? "0" : "") + s.toFixed(1);
  return (neg ? "-" : "") + (h ? h + ":" + String(m).padStart(2, "0") + ":" + ss : m + ":" + ss);
}

/** Parses SS(.f), MM:SS(.f) or HH:MM:SS(.f); NaN when invalid. */
export function parseTime(text) {
  const t = String(text ?? "").trim();
  if (t === "") return NaN;
  if (!/^\d+(\.\d+)?(:\d+(\.\d+)?){0,2}$/.test(t)) return NaN;
  return t.split(":").reduce((acc, part) => acc * 60 + Number(part), 0);
}

export function bytes(n) {
  if (!Number.isFinite(n)) return "";
  if (n < 1024) return n + " B";
  if (n < 1048576) return (n / 1024).toFixed(1) + " KB";
  return (n / 1048576).toFixed(1) + " MB";
}

/** An aria-live announcement (polite for progress, assertive for errors). */
export function announce(text, assertive) {
  const region = document.getElementById(assertive ? "live-alert" : "live-status");
  if (!region) return;
  region.textContent = "";
  // A fresh text node after a tick makes screen readers announce a repeated message too.
  setTimeout(() => { region.textContent = text; }, 30);
}
