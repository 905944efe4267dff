// The session and the JSON API client: tokens live in memory and sessionStorage (never
// localStorage, never URLs); a 401 on a token call refreshes once and retries. Everything a
// signed-in user causes (timers, EventSources, in-flight requests) is registered here so that
// logout can end all of it; `session.epoch` changes at every sign-in and sign-out, and answers that
// arrive for an older epoch are dropped.

export const session = {
  access: sessionStorage.getItem("im.access"),
  refresh: sessionStorage.getItem("im.refresh"),
  user: null,
  epoch: 0,
};

const timers = new Set();
const intervals = new Set();
const streams = new Set();
const aborts = new Set();
const cleanups = new Set();

/** setTimeout that logout cancels. */
export function later(fn, ms) {
  const id = setTimeout(() => { timers.delete(id); fn(); }, ms);
  timers.add(id);
  return id;
}
export function cancelLater(id) { if (id) { clearTimeout(id); timers.delete(id); } }
export function every(fn, ms) { const id = setInterval(fn, ms); intervals.add(id); return id; }
export function cancelEvery(id) { if (id) { clearInterval(id); intervals.delete(id); } }

/** An EventSource that logout closes. */
export function openStream(url) {
  const es = new EventSource(url);
  streams.add(es);
  const close = es.close.bind(es);
  es.close = () => { streams.delete(es); close(); };
  return es;
}

/** A function logout runs (views register how to empty themselves). */
export function onReset(fn) { cleanups.add(fn); }

/** Ends everything of the current session: timers, streams, requests, then each view's reset. */
export function resetAll() {
  session.epoch += 1;
  for (const id of timers) clearTimeout(id);
  timers.clear();
  for (const id of intervals) clearInterval(id);
  intervals.clear();
  for (const es of [...streams]) es.close();
  streams.clear();
  for (const c of aborts) c.abort();
  aborts.clear();
  for (const fn of cleanups) { try { fn(); } catch (e) { console.warn("reset", e); } }
  // No media element keeps playing or keeps a signed URL of the previous user.
  for (const m of document.querySelectorAll("audio, video")) {
    m.pause();
    m.removeAttribute("src");
    m.load();
    m.remove();
  }
}

export function storeSession(s) {
  session.access = s.access_token;
  session.refresh = s.refresh_token;   // rotation: the old refresh token is spent, always keep the new one
  sessionStorage.setItem("im.access", session.access);
  sessionStorage.setItem("im.refresh", session.refresh);
  if (s.user) session.user = s.user;
}

export function clearSession() {
  session.access = session.refresh = null;
  session.user = null;
  sessionStorage.removeItem("im.access");
  sessionStorage.removeItem("im.refresh");
}

/** Called when the session cannot be refreshed (set by the app). */
export const hooks = { signedOut: () => {} };

// One refresh at a time: two concurrent refreshes with the same token would look like reuse and revoke the login.
let refreshing = null;
function refreshSession() {
  if (!refreshing) {
    refreshing = (async () => {
      if (!session.refresh) return false;
      const epoch = session.epoch;
      const res = await fetch("/api/v1/auth/refresh", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refresh_token: session.refresh }) }).catch(() => null);
      if (epoch !== session.epoch) return false;
      if (!res || !res.ok) { clearSession(); hooks.signedOut("Your session has ended; please sign in again."); return false; }
      storeSession(await res.json());
      return true;
    })().finally(() => { refreshing = null; });
  }
  return refreshing;
}

export class ApiError extends Error {
  constructor(status, data) {
    super(describe(data, status));
    this.status = status;
    this.data = data;
    this.code = data && data.code;
    this.details = (data && data.details) || [];
  }
}

export class StaleError extends Error { constructor() { super("stale"); this.stale = true; } }

/** An error answer as text: "CODE: message", then each detail as "line:column field: message". */
export function describe(data, status) {
  if (!data || typeof data !== "object") return "HTTP " + status + (typeof data === "string" && data ? ": " + data.slice(0, 200) : "");
  const lines = [(data.code ? data.code + ": " : "") + (data.message || data.error || "HTTP " + status)];
  for (const d of data.details || []) {
    const at = d.line ? d.line + ":" + (d.column || 1) + " " : "";
    lines.push("  " + at + (d.field ? d.field + ": " : "") + (d.message || ""));
  }
  if (data.retry_after_seconds) lines.push("Retry in " + data.retry_after_seconds + " s.");
  return lines.join("\n");
}

/** fetch with the access token; on a 401, one refresh and one retry. Throws StaleError after a logout. */
export async function api(path, init = {}, retried = false) {
  const epoch = session.epoch;
  const headers = new Headers(init.headers || {});
  const used = session.access;
  if (used) headers.set("Authorization", "Bearer " + used);
  const controller = new AbortController();
  aborts.add(controller);
  let res;
  try {
    res = await fetch(path, { ...init, headers, signal: controller.signal });
  } catch (e) {
    if (epoch !== session.epoch) throw new StaleError();
    throw new ApiError(0, { code: "NETWORK", message: "The server could not be reached." });
  } finally { aborts.delete(controller); }
  if (epoch !== session.epoch) throw new StaleError();
  if (res.status === 401 && !retried && session.refresh) {
    if (session.access !== used || await refreshSession()) return api(path, init, true);
    throw new StaleError();
  }
  return res;
}

/** The answer's body; throws ApiError for a 4xx/5xx. */
export async function body(res) {
  const type = res.headers.get("Content-Type") || "";
  const data = res.status === 204 ? null : type.includes("json") ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const getJSON = async (path) => body(await api(path));
export const postJSON = async (path, data) =>
  body(await api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) }));
export const postYAML = async (path, text) =>
  body(await api(path, { method: "POST", headers: { "Content-Type": "application/yaml" }, body: text }));
export const del = async (path) => body(await api(path, { method: "DELETE" }));

/** Sign in or register (no token needed). */
export async function signIn(path, data) {
  const res = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) });
  const s = await body(res);
  storeSession(s);
  return s;
}

export async function logout() {
  const headers = { "Content-Type": "application/json" };
  if (session.access) headers.Authorization = "Bearer " + session.access;
  const refresh = session.refresh;
  clearSession();
  await fetch("/api/v1/auth/logout", { method: "POST", headers, body: JSON.stringify({ refresh_token: refresh }) }).catch(() => {});
}

/** Milliseconds until an ISO time, minus a margin (at least 1 s). */
export function msUntil(iso, fraction = 0.7) {
  const left = Date.parse(iso) - Date.now();
  if (!Number.isFinite(left)) return 60000;
  return Math.max(1000, Math.floor(left * fraction));
}
