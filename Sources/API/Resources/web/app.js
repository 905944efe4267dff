// IntelliMix Studio: the web client of the public JSON API (no build step, no framework).
// Views: uploads library, clip mixer, mashup studio, downloader, manifest editor, job panel, history.
import { el, $, $$, field, say, percent, clock, parseTime, bytes, announce } from "./dom.js";
import {
  session, hooks, api, body, getJSON, postJSON, postYAML, del, signIn, logout, clearSession, resetAll, onReset,
  later, cancelLater, openStream, msUntil, StaleError,
} from "./api.js";
import { clipMixManifest, uploadStageLine, readParams, typedParam, parseClipCSV, withEncodeFormat } from "./manifest.js";
import { Waveform, drawPeaks } from "./wave.js";
import { player, refreshPlayer, sweep, dropAll } from "./players.js";

// Everything cached for the signed-in user; emptied at logout.
const store = {
  uploads: [],          // the library page shown
  uploadById: new Map(),
  peaks: new Map(),     // upload id -> Promise<{duration, peaks}>
  libPage: 1, libPages: 1,
  histPage: 1, histPages: 1,
  job: null,            // the job view on the job panel
  jobId: null,
  mashupSongs: new Map(),   // job id -> songs named at submission
  mashupFormat: new Map(),  // job id -> output format to re-encode to once done
  cancelling: null,     // the job whose cancel was asked for
};
let libTimer = null, histTimer = null, jobTimer = null, jobURLTimer = null, jobStream = null;

/** Runs an action; a stale answer (after logout) is dropped, an error is shown in target. */
async function guarded(target, fn) {
  try { return await fn(); } catch (e) {
    if (e instanceof StaleError || (e && e.stale)) return undefined;
    say(target, e.message || String(e), "error");
    announce(e.message || String(e), true);
    return undefined;
  }
}

// ---------------------------------------------------------------- sign in and out

const defaultManifest = "version: 1\nname: my-mix\nparams:\n  crossfade: 2\nstages:\n  # Pick an upload below and press \"Use upload\" to insert a source stage here.\n";

function showSignedOut(message) {
  resetAll();
  $("#studio").hidden = true;
  $("#who").hidden = true;
  $("#who-name").textContent = "";
  $("#auth").hidden = false;
  say($("#auth-msg"), message || "", message ? "error" : "");
  document.title = "IntelliMix Studio";
}
hooks.signedOut = showSignedOut;

function showSignedIn(user) {
  session.user = user;
  $("#auth").hidden = true;
  $("#studio").hidden = false;
  $("#who").hidden = false;
  $("#who-name").textContent = user.name + " · " + user.email;
  if (!$("#clip-rows").children.length) addClipRow();
  if (!$("#manifest-text").value) { $("#manifest-text").value = defaultManifest; updateGutter(); }
  showPanel(currentPanel || "library");
  loadLibrary();
  loadHistory();
}

async function doSignIn(path, data) {
  const msg = $("#auth-msg");
  say(msg, path.endsWith("register") ? "Registering…" : "Signing in…");
  try {
    resetAll();
    const s = await signIn(path, data);
    say(msg, "");
    $("#password").value = "";
    let user = s.user;
    if (!user) user = (await getJSON("/api/v1/auth/me")).user;
    showSignedIn(user);
    announce("Signed in as " + user.name);
  } catch (e) {
    if (e instanceof StaleError) return;
    say(msg, e.message, "error");
    announce(e.message, true);
  }
}

$("#login-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  if (!$("#email").value || !$("#password").value) { say($("#auth-msg"), "Enter your e-mail and password.", "error"); return; }
  doSignIn("/api/v1/auth/login", { email: $("#email").value.trim(), password: $("#password").value });
});
$("#register").addEventListener("click", () => {
  const name = $("#name").value.trim();
  if (!name) { say($("#auth-msg"), "Enter a name to register.", "error"); $("#name").focus(); return; }
  if ($("#password").value.length < 8) { say($("#auth-msg"), "The password needs at least 8 characters.", "error"); return; }
  doSignIn("/api/v1/auth/register", { name, email: $("#email").value.trim(), password: $("#password").value });
});
$("#logout").addEventListener("click", async () => {
  resetAll();
  await logout();
  showSignedOut();
  announce("Signed out");
  $("#email").focus();
});

// Logout empties every view and every cache (registered once; resetAll runs it).
onReset(() => {
  dropAll();
  store.uploads = []; store.uploadById.clear(); store.peaks.clear();
  store.libPage = 1; store.libPages = 1; store.histPage = 1; store.histPages = 1;
  store.job = null; store.jobId = null; store.mashupSongs.clear(); store.mashupFormat.clear(); store.cancelling = null;
  libTimer = histTimer = jobTimer = jobURLTimer = null; jobStream = null;
  for (const row of clipRows) row.wave && row.wave.destroy();
  clipRows.length = 0;
  previewing = null;
  $("#clip-rows").replaceChildren();
  $("#mix-preview").textContent = "";
  $("#library-list").replaceChildren();
  $("#lib-page").textContent = "";
  $("#hist-rows").replaceChildren();
  $("#hist-page").textContent = "";
  $("#manifest-errors").replaceChildren();
  $("#manifest-upload").replaceChildren();
  $("#job-title").textContent = "";
  jobPanelMessage("Submit something, or open a job from the history.");
  for (const f of $$("form")) if (f.id !== "login-form") f.reset();
  $("#manifest-text").value = "";
  updateGutter();
  for (const m of $$(".msg")) if (m.id !== "auth-msg") say(m, "");
  $("#live-status").textContent = "";
  syncDownloadFields();
});

// ---------------------------------------------------------------- tabs

let currentPanel = null;
function showPanel(name) {
  currentPanel = name;
  for (const tab of $$(".tab")) {
    const on = tab.dataset.panel === name;
    if (on) tab.setAttribute("aria-current", "page"); else tab.removeAttribute("aria-current");
  }
  for (const p of $$(".panel")) p.hidden = p.id !== "panel-" + name;
  if (name === "history") loadHistory();
  if (name === "mixer") { for (const r of clipRows) r.wave && r.wave.draw(); }
  if (name === "manifest") updateGutter();
}
const PANELS = new Set($$(".tab").map((t) => t.dataset.panel));
for (const tab of $$(".tab")) tab.addEventListener("click", () => { showPanel(tab.dataset.panel); history.replaceState(null, "", "#" + tab.dataset.panel); });
window.addEventListener("hashchange", () => { const name = location.hash.slice(1); if (PANELS.has(name) && !$("#studio").hidden) showPanel(name); });
currentPanel = PANELS.has(location.hash.slice(1)) ? location.hash.slice(1) : null;

// ---------------------------------------------------------------- uploads library

const LIB_LIMIT = 20;

async function loadLibrary() {
  cancelLater(libTimer);
  await guarded($("#upload-msg"), async () => {
    const page = await getJSON("/api/v1/uploads?page=" + store.libPage + "&limit=" + LIB_LIMIT);
    const items = page.items || [];
    store.libPages = Math.max(1, Math.ceil((page.total || 0) / (page.limit || LIB_LIMIT)));
    if (!items.length && store.libPage > 1) { store.libPage = store.libPages; return loadLibrary(); }
    const same = items.length === store.uploads.length && items.every((u, i) => store.uploads[i].upload_id === u.upload_id) && $("#library-list .upload");
    store.uploads = items;
    for (const u of items) store.uploadById.set(u.upload_id, u);
    // The same uploads: only the players' signed URLs change (nothing is rebuilt, focus stays).
    if (same) for (const u of items) refreshPlayer("upload:" + u.upload_id, u.url);
    else renderLibrary(page);
    refreshUploadChoices();
    // Signed URLs are re-read before they expire.
    const soonest = items.map((u) => u.url_expires_at).filter(Boolean).sort()[0];
    if (soonest) libTimer = later(loadLibrary, msUntil(soonest));
  });
}

function renderLibrary(page) {
  const list = $("#library-list");
  const keep = new Set();
  if (!store.uploads.length) {
    list.replaceChildren(el("p", { class: "muted", id: "library-empty" }, "No uploads yet. Add audio files above."));
  } else {
    list.replaceChildren(...store.uploads.map((u) => {
      const key = "upload:" + u.upload_id;
      keep.add(key);
      const canvas = el("canvas", { "aria-hidden": "true" });
      peaksOf(u.upload_id).then((p) => { if (canvas.isConnected || true) drawPeaks(canvas, p.peaks); }).catch(() => {});
      return el("article", { class: "upload", dataset: { uploadId: u.upload_id } },
        el("div", { class: "upload-head" },
          el("span", { class: "upload-name" }, u.file_name),
          el("span", { class: "muted" }, clock(u.duration) + " · " + (u.format || "") + " · " + bytes(u.size))),
        canvas,
        player(key, { url: u.url, resign: () => resignUpload(u.upload_id), label: "Play " + u.file_name }),
        el("div", { class: "actions" },
          el("button", { type: "button", class: "plain small", onclick: () => { pickIntoMixer(u.upload_id); showPanel("mixer"); } }, "Add to clip mixer"),
          el("button", { type: "button", class: "plain small", onclick: () => { $("#manifest-upload").value = u.upload_id; showPanel("manifest"); insertUpload(); } }, "Insert in manifest"),
          el("button", { type: "button", class: "danger small", onclick: () => deleteUpload(u) }, "Delete")));
    }));
  }
  sweep("upload:", keep);
  $("#lib-page").textContent = page && page.total ? "page " + store.libPage + " of " + store.libPages + " · " + page.total + " uploads" : "";
  $("#lib-prev").disabled = store.libPage <= 1;
  $("#lib-next").disabled = store.libPage >= store.libPages;
}

async function resignUpload(id) {
  const page = await getJSON("/api/v1/uploads?page=" + store.libPage + "&limit=" + LIB_LIMIT);
  const u = (page.items || []).find((x) => x.upload_id === id);
  if (u) store.uploadById.set(id, u);
  return u ? u.url : null;
}

function peaksOf(id) {
  if (!store.peaks.has(id)) {
    const u = store.uploadById.get(id);
    const path = (u && u.peaks_url) || "/api/v1/uploads/" + encodeURIComponent(id) + "/peaks";
    const p = getJSON(path + (path.includes("?") ? "&" : "?") + "points=800");
    p.catch(() => store.peaks.delete(id));
    store.peaks.set(id, p);
  }
  return store.peaks.get(id);
}

async function deleteUpload(u) {
  if (!confirm("Delete the upload " + u.file_name + "?")) return;
  await guarded($("#upload-msg"), async () => {
    await del("/api/v1/uploads/" + encodeURIComponent(u.upload_id));
    store.uploadById.delete(u.upload_id);
    store.peaks.delete(u.upload_id);
    say($("#upload-msg"), "Deleted " + u.file_name + ".", "ok");
    announce("Deleted " + u.file_name);
    await loadLibrary();
  });
}

/** Uploads files one after another, then shows the library's first page. */
async function uploadFiles(files, button) {
  const msg = $("#upload-msg");
  if (!files.length) { say(msg, "Choose one or more audio files first.", "error"); return; }
  if (button) button.disabled = true;
  try {
    let done = 0;
    for (const f of files) {
      say(msg, "Uploading " + f.name + " (" + (done + 1) + " of " + files.length + ")…");
      announce("Uploading " + f.name);
      const form = new FormData();
      form.append("file", f);
      const ok = await guarded(msg, async () => { const u = await body(await api("/api/v1/uploads", { method: "POST", body: form })); store.uploadById.set(u.upload_id, u); return u; });
      if (!ok) return;
      done++;
    }
    say(msg, "Uploaded " + done + (done === 1 ? " file." : " files."), "ok");
    announce("Uploaded " + done + (done === 1 ? " file" : " files"));
    $("#up-file").value = "";
    store.libPage = 1;
    await loadLibrary();
  } finally { if (button) button.disabled = false; }
}

$("#upload-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  uploadFiles([...$("#up-file").files], ev.submitter || $("#upload-form button[type=submit]"));
});
// Files dropped anywhere on the library panel are uploaded too.
const libraryPanel = $("#panel-library");
libraryPanel.addEventListener("dragover", (ev) => { if (ev.dataTransfer && [...ev.dataTransfer.types].includes("Files")) { ev.preventDefault(); libraryPanel.classList.add("drop"); } });
libraryPanel.addEventListener("dragleave", (ev) => { if (!libraryPanel.contains(ev.relatedTarget)) libraryPanel.classList.remove("drop"); });
libraryPanel.addEventListener("drop", (ev) => {
  ev.preventDefault();
  libraryPanel.classList.remove("drop");
  const files = [...(ev.dataTransfer ? ev.dataTransfer.files : [])];
  if (files.length) uploadFiles(files, $("#upload-form button[type=submit]"));
});
$("#lib-prev").addEventListener("click", () => { store.libPage = Math.max(1, store.libPage - 1); loadLibrary(); });
$("#lib-next").addEventListener("click", () => { store.libPage += 1; loadLibrary(); });

/** The upload choices of the mixer rows and the manifest editor, kept in step with the library. */
function refreshUploadChoices() {
  const uploads = [...store.uploadById.values()];
  const sel = $("#manifest-upload");
  const was = sel.value;
  sel.replaceChildren(...(uploads.length ? uploads.map((u) => el("option", { value: u.upload_id }, u.file_name)) : [el("option", { value: "" }, "no uploads yet")]));
  if (was && store.uploadById.has(was)) sel.value = was;
  for (const row of clipRows) fillSourceSelect(row);
}

// ---------------------------------------------------------------- clip mixer

const clipRows = [];

function fillSourceSelect(row) {
  const sel = row.source;
  const want = row.kind === "upload" ? "upload:" + row.upload : "url";
  const opts = [el("option", { value: "url" }, "URL (web or YouTube)")];
  for (const u of store.uploadById.values()) opts.push(el("option", { value: "upload:" + u.upload_id }, "Upload: " + u.file_name));
  if (row.kind === "upload" && !store.uploadById.has(row.upload)) opts.push(el("option", { value: want }, "Upload " + row.upload.slice(0, 8)));
  sel.replaceChildren(...opts);
  sel.value = want;
}

function addClipRow(init = {}) {
  const row = { kind: init.kind || "url", upload: init.upload || "", url: init.url || "", wave: null };
  row.source = el("select", { class: "clip-source" });
  row.urlInput = el("input", { type: "url", class: "clip-url", placeholder: "https://…", value: row.url, autocomplete: "off" });
  row.start = el("input", { class: "clip-start", value: init.start ?? "0", inputMode: "decimal", autocomplete: "off" });
  row.end = el("input", { class: "clip-end", value: init.end ?? (row.kind === "upload" ? "" : "30"), inputMode: "decimal", autocomplete: "off" });
  row.waveBox = el("div", { class: "wave-box" });
  const n = clipRows.length + 1;
  const remove = el("button", { type: "button", class: "danger small remove", "aria-label": "Remove clip " + n, onclick: () => removeClipRow(row) }, "Remove");
  const urlField = field("Clip URL", row.urlInput);
  urlField.classList.add("url-field");
  row.urlField = urlField;
  const sourceField = field("Source", row.source);
  sourceField.classList.add("source-field");
  const startField = field("Start (s or m:ss)", row.start);
  startField.classList.add("start-field");
  const endField = field("End", row.end);
  endField.classList.add("end-field");
  row.node = el("li", { class: "clip" },
    el("div", { class: "clip-grid" }, sourceField, urlField, startField, endField, remove),
    row.waveBox);
  fillSourceSelect(row);
  row.source.addEventListener("change", () => {
    const v = row.source.value;
    if (v === "url") { row.kind = "url"; } else { row.kind = "upload"; row.upload = v.slice(7); row.end.value = ""; }
    syncRow(row);
  });
  row.urlInput.addEventListener("input", () => { row.url = row.urlInput.value; updatePreview(); });
  for (const inp of [row.start, row.end]) inp.addEventListener("input", () => {
    if (row.wave) row.wave.set(parseTime(row.start.value), parseTime(row.end.value));
    updatePreview();
  });
  clipRows.push(row);
  $("#clip-rows").append(row.node);
  syncRow(row);
  return row;
}

/** Plays a row's clip (its upload from start to end) in the one preview player; pressed again, stops. */
let previewing = null;
function previewClip(row, button) {
  const u = store.uploadById.get(row.upload);
  if (!u) return;
  const media = player("preview", { url: u.url, resign: () => resignUpload(u.upload_id), label: "Clip preview" });
  const stop = () => { media.pause(); if (previewing) previewing.button.textContent = "Preview clip"; previewing = null; };
  if (previewing && previewing.row === row) { stop(); return; }
  if (previewing) stop();
  refreshPlayer("preview", u.url);
  if (media.src !== new URL(u.url, location.href).href) media.src = u.url;
  const start = parseTime(row.start.value) || 0, end = parseTime(row.end.value);
  previewing = { row, button };
  button.textContent = "Stop preview";
  const go = () => {
    try { media.currentTime = start; } catch { /* not seekable yet */ }
    media.play().catch(() => stop());
  };
  media.ontimeupdate = () => { if (previewing && previewing.row === row && Number.isFinite(end) && media.currentTime >= end) stop(); };
  media.onended = stop;
  if (media.readyState >= 1) go(); else media.addEventListener("loadedmetadata", go, { once: true });
  announce("Previewing clip " + clock(start) + " to " + clock(end));
}

/** An upload into the mixer: it takes the first empty URL row, else a new row. */
function pickIntoMixer(id) {
  const empty = clipRows.find((r) => r.kind === "url" && !r.urlInput.value.trim());
  if (empty) {
    empty.kind = "upload"; empty.upload = id; empty.start.value = "0"; empty.end.value = "";
    fillSourceSelect(empty);
    syncRow(empty);
  } else addClipRow({ kind: "upload", upload: id });
  say($("#mixer-msg"), "Added " + ((store.uploadById.get(id) || {}).file_name || "the upload") + " to the mix.", "ok");
}

function removeClipRow(row) {
  const i = clipRows.indexOf(row);
  if (i < 0) return;
  row.wave && row.wave.destroy();
  clipRows.splice(i, 1);
  row.node.remove();
  if (!clipRows.length) addClipRow();
  updatePreview();
}

/** Shows the URL field or the upload's waveform, as the row's source says. */
function syncRow(row) {
  const isUpload = row.kind === "upload";
  row.urlField.hidden = isUpload;
  row.node.classList.toggle("is-upload", isUpload);
  row.urlInput.required = !isUpload;
  if (row.wave) { row.wave.destroy(); row.wave = null; }
  row.waveBox.replaceChildren();
  if (isUpload) {
    const id = row.upload;
    const u = store.uploadById.get(id);
    const info = el("div", { class: "wave-info" }, el("span", {}, u ? u.file_name : id), el("span", {}, u ? clock(u.duration) : ""));
    row.waveBox.append(el("p", { class: "muted" }, "Loading waveform…"));
    peaksOf(id).then((p) => {
      if (row.kind !== "upload" || row.upload !== id || !row.node.isConnected) return;
      const duration = p.duration || (u && u.duration) || 0;
      if (row.end.value.trim() === "") row.end.value = String(Math.min(Math.round(duration * 10) / 10, Math.max(1, Math.round(duration * 10) / 10)));
      row.wave = new Waveform({
        duration, peaks: p.peaks || [], start: parseTime(row.start.value), end: parseTime(row.end.value),
        label: "Waveform of " + (u ? u.file_name : id) + "; drag the handles, or use the arrow keys (end) and Shift+arrows (start)",
        onChange: (s, e) => { row.start.value = String(s); row.end.value = String(e); updatePreview(); },
      });
      const preview = el("button", { type: "button", class: "plain small", onclick: () => previewClip(row, preview) }, "Preview clip");
      info.prepend(preview);
      row.waveBox.replaceChildren(row.wave.node, info);
      row.wave.draw();
      updatePreview();
    }).catch((e) => { if (!(e instanceof StaleError)) row.waveBox.replaceChildren(el("p", { class: "err-text" }, "No waveform: " + e.message)); });
  }
  updatePreview();
}

function mixerClips() {
  return clipRows.map((r) => ({
    kind: r.kind, upload: r.upload, url: r.urlInput.value.trim(), start: r.start.value.trim(), end: r.end.value.trim(),
    label: r.kind === "upload" && store.uploadById.get(r.upload) ? store.uploadById.get(r.upload).file_name : "",
  }));
}

function mixerManifest() {
  return clipMixManifest({ name: $("#mix-name").value.trim() || "clip-mix", clips: mixerClips(), crossfade: $("#mix-crossfade").value, format: $("#mix-format").value });
}

function updatePreview() { $("#mix-preview").textContent = mixerManifest(); }
for (const id of ["#mix-crossfade", "#mix-format", "#mix-name"]) $(id).addEventListener("input", updatePreview);
$("#add-clip").addEventListener("click", () => { const r = addClipRow(); r.source.focus(); });

$("#csv-file").addEventListener("change", async () => {
  const f = $("#csv-file").files[0];
  if (!f) return;
  const msg = $("#mixer-msg");
  try {
    const rows = parseClipCSV(await f.text());
    if (!rows.length) throw new Error("The CSV file has no clips.");
    for (const r of clipRows) r.wave && r.wave.destroy();
    clipRows.length = 0;
    $("#clip-rows").replaceChildren();
    for (const r of rows) addClipRow({ kind: "url", url: r.url, start: r.start || "0", end: r.end });
    say(msg, "Imported " + rows.length + " clips from " + f.name + ".", "ok");
  } catch (e) { say(msg, e.message, "error"); }
  $("#csv-file").value = "";
});

function checkClips() {
  const problems = [];
  mixerClips().forEach((c, i) => {
    const n = "Clip " + (i + 1) + ": ";
    if (c.kind === "upload" && !c.upload) problems.push(n + "choose an upload.");
    if (c.kind === "url" && !/^https?:\/\/\S+$/i.test(c.url)) problems.push(n + "enter an http(s) URL.");
    const s = c.start === "" ? 0 : parseTime(c.start), e = c.end === "" ? Infinity : parseTime(c.end);
    if (Number.isNaN(s)) problems.push(n + "the start is not a time (seconds or m:ss).");
    if (Number.isNaN(e)) problems.push(n + "the end is not a time (seconds or m:ss).");
    if (!Number.isNaN(s) && !Number.isNaN(e) && e <= s) problems.push(n + "the end must be after the start.");
  });
  return problems;
}

$("#mixer-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const msg = $("#mixer-msg");
  const problems = checkClips();
  if (problems.length) { say(msg, problems.join("\n"), "error"); announce(problems[0], true); return; }
  const text = mixerManifest();
  $("#mix-preview").textContent = text;
  const button = $("#mix-submit");
  button.disabled = true;
  say(msg, "Submitting…");
  try {
    const answer = await guarded(msg, () => postYAML("/api/v1/jobs", text));
    if (answer && answer.job_id) { say(msg, "Rendering as job " + answer.job_id.slice(0, 8) + "…", "ok"); follow(answer.job_id); loadHistory(); }
  } finally { button.disabled = false; }
});
$("#mix-edit").addEventListener("click", () => { setManifest(mixerManifest()); showPanel("manifest"); });

// ---------------------------------------------------------------- mashup studio

$("#mashup-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const msg = $("#mashup-msg");
  const prompt = $("#ai-prompt").value.trim();
  const songs = $("#ai-songs").value.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
  if (!prompt && !songs.length) { say(msg, "Describe the mix or list some songs.", "error"); return; }
  const bad = songs.filter((s) => !/\S\s+-\s+\S/.test(s));
  if (bad.length) { say(msg, "Write each song as \"Title - Artist\": " + bad.join("; "), "error"); return; }
  const full = songs.length ? (prompt ? prompt + ": " : "A mashup of ") + songs.join(", ") : prompt;
  const data = { prompt: full.slice(0, 2000), target_seconds: Number($("#ai-seconds").value) || 120, provider: $("#ai-provider").value };
  const button = ev.submitter || $("#mashup-form button[type=submit]");
  button.disabled = true;
  say(msg, "Submitting…");
  try {
    const answer = await guarded(msg, () => postJSON("/api/v1/generate-ai", data));
    if (answer && answer.job_id) {
      store.mashupSongs.set(answer.job_id, songs);
      const format = $("#ai-format").value;
      if (format !== "mp3") store.mashupFormat.set(answer.job_id, format);
      say(msg, "Mashup queued as job " + answer.job_id.slice(0, 8) + (format !== "mp3" ? "; it will be re-encoded to " + format + " from the cache when done." : "."), "ok");
      follow(answer.job_id);
      loadHistory();
    }
  } finally { button.disabled = false; }
});

/** A finished mashup wanted in another format: the same manifest with the encode format changed (every other stage is cached). */
async function reencode(job, format) {
  store.mashupFormat.delete(job.id);
  const text = await body(await api("/api/v1/jobs/" + encodeURIComponent(job.id) + "/manifest"));
  const answer = await postYAML("/api/v1/jobs", withEncodeFormat(String(text), format));
  if (answer && answer.job_id) { say($("#mashup-msg"), "Re-encoding to " + format + " as job " + answer.job_id.slice(0, 8) + "…", "ok"); follow(answer.job_id); loadHistory(); }
}

// ---------------------------------------------------------------- downloader

function syncDownloadFields() {
  const video = $("#dl-kind").value === "video";
  $("#dl-format-field").hidden = video;
  $("#dl-height-field").hidden = !video;
}
$("#dl-kind").addEventListener("change", syncDownloadFields);
$("#download-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const msg = $("#download-msg");
  const url = $("#dl-url").value.trim();
  if (!/^https?:\/\/\S+$/i.test(url)) { say(msg, "Enter an http(s) URL.", "error"); return; }
  const video = $("#dl-kind").value === "video";
  const answer = await guarded(msg, () => video
    ? postJSON("/api/v1/download-video", { url, max_height: Number($("#dl-height").value) })
    : postJSON("/api/v1/download-audio", { url, format: $("#dl-format").value }));
  if (answer && answer.job_id) { say(msg, "Download queued as job " + answer.job_id.slice(0, 8) + ".", "ok"); follow(answer.job_id); loadHistory(); }
});

// ---------------------------------------------------------------- manifest editor

const editor = $("#manifest-text");
const gutter = $("#manifest-gutter");
let badLines = new Map();   // line -> messages

function updateGutter() {
  const count = editor.value.split("\n").length;
  const nodes = [];
  for (let i = 1; i <= count; i++) {
    const bad = badLines.has(i);
    nodes.push(bad ? el("span", { class: "bad", title: badLines.get(i).join("\n") }, "! " + i) : document.createTextNode(String(i)), "\n");
  }
  gutter.replaceChildren(...nodes);
  gutter.scrollTop = editor.scrollTop;
  placeNotes();
}

// Each error's message also sits beside its line, at the editor's right edge (and follows scrolling).
const notes = el("div", { class: "notes", "aria-hidden": "true" });
editor.parentElement.append(notes);
function placeNotes() {
  if (!badLines.size) { notes.replaceChildren(); return; }
  const cs = getComputedStyle(editor);
  const lineHeight = parseFloat(cs.lineHeight) || 20;
  const top = parseFloat(cs.paddingTop) || 0;
  const visible = [];
  for (const [line, messages] of badLines) {
    const y = top + (line - 1) * lineHeight - editor.scrollTop;
    if (y < 0 || y > editor.clientHeight - lineHeight / 2) continue;
    const note = el("div", { class: "note", title: messages.join("\n") }, messages[0]);
    note.style.top = y + "px";
    note.style.height = lineHeight + "px";
    note.style.lineHeight = lineHeight + "px";
    visible.push(note);
  }
  notes.replaceChildren(...visible);
}
editor.addEventListener("input", () => { if (badLines.size) { badLines = new Map(); } updateGutter(); });
editor.addEventListener("scroll", () => { gutter.scrollTop = editor.scrollTop; placeNotes(); });
editor.addEventListener("keydown", (e) => {
  if (e.key === "Tab" && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey && editor.dataset.tabs === "on") {
    e.preventDefault();
    editor.setRangeText("  ", editor.selectionStart, editor.selectionEnd, "end");
    updateGutter();
  }
});

function setManifest(text) {
  editor.value = text;
  badLines = new Map();
  $("#manifest-errors").replaceChildren();
  say($("#manifest-msg"), "");
  updateGutter();
}

/** Puts the caret on a line (1-based) and column. */
function goToLine(line, column) {
  const lines = editor.value.split("\n");
  let pos = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length); i++) pos += lines[i].length + 1;
  pos += Math.max(0, Math.min((column || 1) - 1, (lines[line - 1] || "").length));
  editor.focus();
  editor.setSelectionRange(pos, pos);
  const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 20;
  editor.scrollTop = Math.max(0, (line - 3) * lineHeight);
}

function showManifestErrors(err) {
  const list = $("#manifest-errors");
  badLines = new Map();
  const items = [];
  const details = err.details || [];
  for (const d of details) {
    if (d.line) badLines.set(d.line, [...(badLines.get(d.line) || []), d.message]);
    const where = d.line ? d.line + ":" + (d.column || 1) : "";
    items.push(el("li", {},
      d.line ? el("button", { type: "button", class: "plain small", onclick: () => goToLine(d.line, d.column) }, "line " + where) : null,
      (d.field ? d.field + ": " : "") + (d.message || "")));
  }
  if (!details.length) items.push(el("li", {}, err.message));
  list.replaceChildren(...items);
  updateGutter();
  say($("#manifest-msg"), (err.code || "Error") + ": " + details.length + (details.length === 1 ? " problem" : " problems") + " in the manifest.", "error");
  announce("The manifest has " + Math.max(1, details.length) + " problems; first: " + (details[0] ? (details[0].line || "") + ":" + (details[0].column || "") + " " + details[0].message : err.message), true);
}

$("#manifest-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const msg = $("#manifest-msg");
  $("#manifest-errors").replaceChildren();
  badLines = new Map();
  updateGutter();
  say(msg, "Submitting…");
  try {
    const answer = await postYAML("/api/v1/jobs", editor.value);
    if (answer && answer.job_id) { say(msg, "Rendering as job " + answer.job_id.slice(0, 8) + "…", "ok"); follow(answer.job_id); loadHistory(); }
  } catch (e) {
    if (e instanceof StaleError) return;
    if (e.details && e.details.length) showManifestErrors(e);
    else { say(msg, e.message, "error"); announce(e.message, true); }
  }
});

/** Inserts a source stage for the chosen upload at the start of the caret's line, with a fresh id. */
function insertUpload() {
  const id = $("#manifest-upload").value;
  if (!id) { say($("#manifest-msg"), "Upload a file first (Library).", "error"); return; }
  const text = editor.value;
  let n = 1;
  while (new RegExp("\\bid:\\s*upload" + n + "\\b").test(text)) n++;
  const caret = editor.selectionStart ?? text.length;
  const lineStart = text.lastIndexOf("\n", caret - 1) + 1;
  // Same indentation as the nearest stage item above, else two spaces.
  const before = text.slice(0, lineStart).split("\n").reverse();
  const item = before.find((l) => /^\s*-\s/.test(l));
  const indent = item ? /^(\s*)/.exec(item)[1] : "  ";
  const line = uploadStageLine("upload" + n, id, indent) + "\n";
  const atLineStart = caret === lineStart || text.slice(lineStart, caret).trim() === "";
  const insertAt = atLineStart ? lineStart : (text.indexOf("\n", caret) < 0 ? text.length : text.indexOf("\n", caret) + 1);
  const prefix = insertAt === text.length && text.length && !text.endsWith("\n") ? "\n" : "";
  editor.setRangeText(prefix + line, insertAt, atLineStart && caret !== lineStart ? caret : insertAt, "end");
  editor.focus();
  updateGutter();
  const u = store.uploadById.get(id);
  say($("#manifest-msg"), "Inserted upload" + n + (u ? " (" + u.file_name + ")" : "") + ".", "ok");
}
$("#manifest-use").addEventListener("click", insertUpload);

// ---------------------------------------------------------------- job panel

const FINAL = new Set(["succeeded", "failed", "cancelled"]);
const TYPE_LABEL = { ai_parody: "Mashup", audio_mix: "Clip mix", audio_download: "Audio download", video_download: "Video download", manifest: "Manifest" };
const typeLabel = (t) => TYPE_LABEL[t] || t || "";

/** The status a person should read: "retrying (attempt 2 of 3)" for a queued retry, never "queued" with an error. */
function statusText(job) {
  if (job.status === "queued" && job.attempt >= 1 && job.error) {
    return { text: "retrying (attempt " + (job.attempt + 1) + " of " + (job.max_attempts || "?") + ")", cls: "retrying", retry: true };
  }
  return { text: job.status, cls: job.status, retry: false };
}

function stopFollowing() {
  cancelLater(jobTimer); jobTimer = null;
  cancelLater(jobURLTimer); jobURLTimer = null;
  if (jobStream) { jobStream.close(); jobStream = null; }
}

function follow(id) {
  stopFollowing();
  if (store.jobId !== id) {
    store.job = null;
    sweep("job:", new Set());
    jobPanelMessage("Loading…");
  }
  store.jobId = id;
  pollJob(id, false);
  if (window.matchMedia("(max-width: 900px)").matches) $("#job").scrollIntoView({ block: "start" });
}

async function pollJob(id, noStream) {
  let job = null;
  try { job = await getJSON("/api/v1/jobs/" + encodeURIComponent(id)); } catch (e) {
    if (e instanceof StaleError || store.jobId !== id) return;
    jobPanelMessage(e.message, true);
    if (e.status === 404 || e.status === 401 || e.status === 403) return;
  }
  if (store.jobId !== id) return;
  if (job) renderJob(job);
  if (job && FINAL.has(job.status)) return;
  if (!(job && !noStream && startStream(job))) { cancelLater(jobTimer); jobTimer = later(() => pollJob(id, true), 1000); }
}

/** Live updates over Server-Sent Events through the job's signed events_url; polling is the fallback. */
function startStream(job) {
  if (!window.EventSource || !job.events_url || !job.events_url.startsWith("/")) return false;
  const id = job.id;
  const es = openStream(job.events_url);
  jobStream = es;
  const update = (e) => { if (store.jobId === id) { try { renderJob(JSON.parse(e.data)); } catch { /* not a job view */ } } };
  es.addEventListener("progress", update);
  es.addEventListener("done", (e) => {
    update(e); es.close(); if (jobStream === es) jobStream = null;
    // The final view (files with fresh signatures).
    if (store.jobId === id) pollJob(id, true);
    loadHistory();
  });
  es.onerror = () => {
    es.close();
    if (jobStream === es) { jobStream = null; if (store.jobId === id) { cancelLater(jobTimer); jobTimer = later(() => pollJob(id, true), 1000); } }
  };
  return true;
}

/** Replaces the job panel's content with a message (the next job view builds its parts again). */
function jobPanelMessage(text, error) {
  const panel = $("#job-body");
  panel._parts = null; panel._jobId = null; panel._fileKey = null; panel._rerenderFor = null;
  panel.replaceChildren(el("p", { class: error ? "msg error" : "muted" }, text));
}

const badge = (text, cls) => el("span", { class: "badge " + (cls || text) }, text);

function renderJob(job) {
  const prev = store.job;
  store.job = job;
  const st = statusText(job);
  $("#job-title").textContent = typeLabel(job.type) + " · " + job.id.slice(0, 8);
  const panel = $("#job-body");
  let parts = panel._parts;
  if (!parts || panel._jobId !== job.id) {
    parts = {
      status: el("div", { class: "job-status" }),
      error: el("div", { "aria-live": "assertive" }),
      songs: el("div"),
      timeline: el("div"),
      files: el("div", { class: "files" }),
      stages: el("div", { class: "table-wrap" }),
      actions: el("div", { class: "actions" }),
      rerender: el("div"),
      msg: el("div", { class: "msg", id: "job-msg", "aria-live": "polite" }),
    };
    panel._parts = parts;
    panel._jobId = job.id;
    panel._fileKey = null;
    panel._rerenderFor = null;
    panel.replaceChildren(parts.status, parts.error, parts.songs, parts.timeline, parts.files, parts.stages, parts.actions, parts.rerender, parts.msg);
  }
  // Status line: the badge, progress (not shown for a queued retry), and the percentage.
  // A bar only while it runs (or once it succeeded): a failed or cancelled job is not "100 %".
  const showBar = !st.retry && (job.status === "running" || job.status === "queued" || job.status === "succeeded");
  const pct = showBar ? percent(job.progress) : "";
  const when = job.completed_at ? "ended " + new Date(job.completed_at).toLocaleTimeString() : "";
  parts.status.replaceChildren(
    badge(st.text, st.cls),
    st.retry ? el("span", { class: "muted" }, "waiting to run again" + (job.retry_at ? " at " + new Date(job.retry_at).toLocaleTimeString() : ""))
      : showBar ? el("progress", { max: 1, value: job.progress || 0, "aria-label": "Job progress" }) : el("span", { class: "muted" }, when),
    el("span", { class: "muted" }, pct));
  if (job.error) {
    parts.error.replaceChildren(el("p", { class: st.retry ? "muted" : "err-text" }, (st.retry ? "Last attempt failed: " : "") + job.error.code + ": " + job.error.message));
  } else parts.error.replaceChildren();
  if (!prev || prev.id !== job.id || prev.status !== job.status) {
    announce("Job " + st.text + (job.status === "running" ? " " + pct : ""), job.status === "failed");
  }

  renderSongs(job, parts.songs);
  renderTimeline(job, parts.timeline);
  renderFiles(job, parts.files, panel);

  // Stages: id, kind, status, progress, seconds, cached.
  const stages = job.stages || [];
  if (stages.length) {
    const counts = {};
    for (const st of stages) { const k = st.cached ? "cached" : st.error_code === "CANCELLED" ? "cancelled" : st.status; counts[k] = (counts[k] || 0) + 1; }
    const summaryText = stages.length + " stages: " + Object.entries(counts).map(([k, n]) => n + " " + k).join(", ");
    // A long table folds away (its summary counts the states); the reader's choice is kept across updates.
    let details = parts.stages._details;
    if (!details) {
      details = el("details", { class: "stages" });
      details.open = stages.length <= 12;
      parts.stages._details = details;
    }
    const table = el("table", {},
      el("caption", { class: "sr-only" }, "Stages"),
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "stage"), el("th", { scope: "col" }, "kind"), el("th", { scope: "col" }, "status"), el("th", { scope: "col", class: "col-progress" }, "progress"), el("th", { scope: "col" }, "time"))),
      el("tbody", {}, ...stages.map((s) => el("tr", {},
        el("td", {}, s.id), el("td", { class: "muted" }, s.kind),
        el("td", {}, badge(s.error_code === "CANCELLED" ? "cancelled" : s.status), s.cached ? el("span", { class: "muted" }, " cached") : null,
          s.error_message ? el("div", { class: s.status === "skipped" ? "muted" : "err-text" }, s.error_message) : null),
        el("td", { class: "num col-progress" }, percent(s.progress)),
        el("td", { class: "num" }, s.cached ? "cached" : (s.seconds ? s.seconds.toFixed(2) + " s" : ""))))));
    details.replaceChildren(el("summary", {}, summaryText), table);
    if (details.parentNode !== parts.stages) parts.stages.replaceChildren(details);
  } else parts.stages.replaceChildren();

  // Actions: cancel while it can run; re-render and manifest once it ended.
  const live = !FINAL.has(job.status);
  const actionKey = job.id + (live ? ":live" : ":final") + (job.cancel_requested ? ":c" : "");
  if (parts.actions._key !== actionKey) {
    parts.actions._key = actionKey;
    const buttons = [];
    if (live) buttons.push(el("button", { type: "button", class: "danger", id: "job-cancel", onclick: (e) => cancelJob(job.id, e.currentTarget) }, "Cancel"));
    buttons.push(el("button", { type: "button", class: "plain", onclick: () => editManifest(job.id) }, "Open manifest in editor"));
    parts.actions.replaceChildren(...buttons);
  }
  if (FINAL.has(job.status) && store.cancelling === job.id) {
    store.cancelling = null;
    say(parts.msg, job.status === "cancelled" ? "Cancelled." : "The job ended as " + job.status + " before the cancel took effect.", job.status === "cancelled" ? "ok" : "");
  }
  if (!live && panel._rerenderFor !== job.id) { panel._rerenderFor = job.id; renderRerender(job, parts.rerender); }
  if (live) { parts.rerender.replaceChildren(); panel._rerenderFor = null; }

  // Signed URLs of the files: re-read the job view before they expire.
  cancelLater(jobURLTimer); jobURLTimer = null;
  const soonest = (job.files || []).map((f) => f.signed_url_expires_at).filter(Boolean).sort()[0];
  if (soonest && FINAL.has(job.status)) {
    const id = job.id;
    jobURLTimer = later(() => { if (store.jobId === id) refreshJobURLs(id); }, msUntil(soonest));
  }
  if (job.status === "succeeded" && store.mashupFormat.has(job.id)) {
    const fmt = store.mashupFormat.get(job.id);
    guarded(parts.msg, () => reencode(job, fmt));
  }
}

async function refreshJobURLs(id) {
  const job = await getJSON("/api/v1/jobs/" + encodeURIComponent(id)).catch(() => null);
  if (job && store.jobId === id) renderJob(job);
}

function fileKind(job, f) { return /\.(mp4|mkv|webm|mov)$/i.test(f.name) && job.type !== "audio_download" ? "video" : "audio"; }

/** Files: a player and a download link each; the players survive updates (only their URLs change). */
function renderFiles(job, box, panel) {
  const files = (job.files || []).filter((f) => String(f.signed_url || "").startsWith("/"));
  const key = job.id + "|" + files.map((f) => f.name).join("|");
  const resign = (name) => async () => {
    const fresh = await getJSON("/api/v1/jobs/" + encodeURIComponent(job.id));
    const f = (fresh.files || []).find((x) => x.name === name);
    return f ? f.signed_url : null;
  };
  if (panel._fileKey === key) {
    for (const f of files) {
      refreshPlayer("job:" + job.id + ":" + f.name, f.signed_url);
      const a = box.querySelector("a[data-name=\"" + CSS.escape(f.name) + "\"]");
      if (a) a.href = f.signed_url;
    }
    return;
  }
  panel._fileKey = key;
  const keep = new Set();
  box.replaceChildren(...(files.length ? [el("h3", {}, "Output")] : []), ...files.map((f) => {
    const k = "job:" + job.id + ":" + f.name;
    keep.add(k);
    return el("div", { class: "file" },
      el("div", { class: "file-head" }, el("strong", {}, f.name), el("a", { href: f.signed_url, download: f.name, dataset: { name: f.name } }, "Download")),
      player(k, { url: f.signed_url, kind: fileKind(job, f), resign: resign(f.name), label: "Play " + f.name }));
  }));
  sweep("job:", keep);
  if (files.length) announce("Output ready: " + files.map((f) => f.name).join(", "));
}

/** The songs of a mashup: those named at submission, then what the fetch/lyrics stages found. */
function renderSongs(job, box) {
  const stages = job.stages || [];
  const hasPlan = stages.some((s) => s.kind === "plan");
  // The songs the request named: kept at submission, else read back from the prompt ("…: Title - Artist, Title - Artist").
  const fromPrompt = job.input && typeof job.input.prompt === "string"
    ? job.input.prompt.split(/,|\n| and /).map((x) => x.replace(/^.*(?::| of )\s*/i, "").trim()).filter((x) => /\S\s+-\s+\S/.test(x)) : [];
  const named = store.mashupSongs.get(job.id) || fromPrompt;
  const found = [];
  for (const s of stages) {
    const m = s.metadata || {};
    if ((s.kind === "fetch" || s.kind === "lyrics" || s.kind === "source") && (m.title || m.search || m.query)) {
      found.push((m.title ? m.title + (m.artist ? " - " + m.artist : "") : m.search || m.query) + (s.status === "ran" || s.status === "cached" ? "" : " (" + s.status + ")"));
    }
  }
  if (!hasPlan && job.type !== "ai_parody") { box.replaceChildren(); return; }
  const plan = stages.find((s) => s.kind === "plan");
  const order = plan && plan.metadata && Array.isArray(plan.metadata.order) ? plan.metadata.order.map(String) : [];
  const songs = found.length ? found : named.length ? named : order.length ? order
    : stages.filter((s) => s.kind === "fetch").map((s) => s.id + " (" + s.status + ")");
  if (!songs.length) {
    box.replaceChildren(FINAL.has(job.status) ? "" : el("p", { class: "muted" }, "Choosing the songs…"));
    return;
  }
  box.replaceChildren(el("h3", {}, "Songs"), el("ol", { class: "songs" }, ...songs.map((s) => el("li", {}, s))));
}

/** The plan as a timeline: one coloured block per segment (a colour per track), the crossfades marked. */
function renderTimeline(job, box) {
  const plan = (job.stages || []).find((s) => s.kind === "plan");
  const m = plan && plan.metadata;
  if (!m) {
    const ended = plan && (FINAL.has(job.status) || plan.status === "skipped" || plan.status === "failed");
    box.replaceChildren(!plan ? "" : el("p", { class: "muted" }, ended ? "No plan: the plan stage " + (plan.status === "failed" ? "failed." : "did not run.") : "Planning the mix… (" + plan.status + ")"));
    return;
  }
  const cuts = Array.isArray(m.cuts) ? m.cuts : [];
  const transitions = Array.isArray(m.transitions) ? m.transitions : [];
  if (!cuts.length) {
    box.replaceChildren(el("h3", {}, "Plan"), el("p", { class: "muted" },
      (m.segments ? m.segments + " segments" : "plan ready") + (m.duration ? ", " + clock(m.duration) : "") + (m.provider ? " · planner " + m.provider : "")));
    return;
  }
  // Mix positions: each segment follows the previous one, overlapping by its transition; once the
  // crossfade stage ran, its metadata has the exact starts and overlaps (beat matching stretches).
  const mix = (job.stages || []).find((s) => s.kind === "crossfade" && s.metadata && Array.isArray(s.metadata.transitions));
  const done = mix && mix.metadata.transitions.length === cuts.length - 1 && mix.metadata.duration ? mix.metadata : null;
  let t = 0;
  const placed = cuts.map((c, i) => {
    let len = Math.max(0, (c.end || 0) - (c.start || 0));
    let overlap = i > 0 && transitions[i - 1] ? Number(transitions[i - 1].seconds) || 0 : 0;
    let start = Math.max(0, t - overlap);
    if (done) {
      const prev = done.transitions[i - 1], next = done.transitions[i];
      start = prev ? Number(prev.start) || 0 : 0;
      overlap = prev ? Number(prev.overlap) || 0 : 0;
      const end = next ? (Number(next.start) || 0) + (Number(next.overlap) || 0) : Number(done.duration);
      len = Math.max(0, end - start);
    }
    t = Math.max(t, start + len);
    return { ...c, mixStart: start, len, overlap };
  });
  const total = (done && Number(done.duration)) || t || 1;
  const trackIndex = new Map();
  for (const c of placed) if (!trackIndex.has(c.track)) trackIndex.set(c.track, trackIndex.size);
  const line = el("div", { class: "timeline", role: "img", "aria-label": "Mix plan: " + placed.map((c) => (c.title || "track " + c.track) + " " + clock(c.mixStart) + "–" + clock(c.mixStart + c.len)).join(", ") });
  for (const c of placed) {
    const seg = el("div", { class: "seg t" + (trackIndex.get(c.track) % 6), title: (c.title || "") + " " + clock(c.start) + "–" + clock(c.end) }, c.title || "track " + c.track);
    seg.style.left = (c.mixStart / total) * 100 + "%";
    seg.style.width = Math.max(0.5, (c.len / total) * 100) + "%";
    line.append(seg);
    if (c.overlap > 0) {
      const x = el("div", { class: "xfade", title: "transition " + c.overlap.toFixed(1) + " s" });
      x.style.left = (c.mixStart / total) * 100 + "%";
      x.style.width = Math.max(0.4, (c.overlap / total) * 100) + "%";
      line.append(x);
    }
  }
  const legend = el("ul", { class: "legend" }, ...[...trackIndex.entries()].map(([track, i]) => {
    const c = placed.find((p) => p.track === track);
    return el("li", { class: "t" + (i % 6) }, c.title || "track " + track);
  }));
  const trans = transitions.length ? el("ol", { class: "songs muted" }, ...transitions.map((x) =>
    el("li", {}, (x.from || "") + " → " + (x.to || "") + ": " + (x.kind || "fade") + (x.bars ? ", " + x.bars + " bars" : "") + (x.seconds ? ", " + Number(x.seconds).toFixed(1) + " s" : "")))) : null;
  box.replaceChildren(el("h3", {}, "Plan"), line, legend, el("p", { class: "muted" }, "Total " + clock(total) + (m.provider ? " · planner " + m.provider : "")), trans);
}

async function cancelJob(id, button) {
  button.disabled = true;
  button.textContent = "Cancelling…";
  store.cancelling = id;
  say($("#job-msg"), "Cancel requested; waiting for the job to stop…");
  announce("Cancel requested");
  await guarded($("#job-msg"), async () => {
    await body(await api("/api/v1/jobs/" + encodeURIComponent(id) + "/cancel", { method: "POST" }));
    // Follow until the job really is cancelled (or ended otherwise).
    const check = async (n) => {
      if (store.jobId !== id) return;
      const job = await getJSON("/api/v1/jobs/" + encodeURIComponent(id)).catch(() => null);
      if (!job || store.jobId !== id) return;
      renderJob(job);
      if (FINAL.has(job.status)) { loadHistory(); return; }
      if (n < 120) later(() => check(n + 1), 500);
    };
    await check(0);
  });
}

async function editManifest(id) {
  await guarded($("#job-msg"), async () => {
    const text = await body(await api("/api/v1/jobs/" + encodeURIComponent(id) + "/manifest"));
    setManifest(String(text));
    showPanel("manifest");
    editor.focus();
  });
}

/** Re-render: the manifest's top-level params as fields; unchanged stages come from the cache. */
async function renderRerender(job, box) {
  box.replaceChildren();
  let text = "";
  try { text = String(await body(await api("/api/v1/jobs/" + encodeURIComponent(job.id) + "/manifest"))); } catch (e) {
    if (e instanceof StaleError || store.jobId !== job.id) return;
  }
  if (store.jobId !== job.id) return;
  const params = readParams(text).slice(0, 100);
  const inputs = params.map((p) => {
    const long = String(p.value).length > 40;
    const input = long ? el("textarea", { rows: 2, value: p.value }) : el("input", { value: p.value });
    input.dataset.key = p.key;
    input.dataset.original = p.value;
    return field(p.key, input);
  });
  const form = el("form", { class: "rerender", noValidate: true },
    el("h3", {}, "Re-render"),
    params.length ? el("div", { class: "params" }, ...inputs) : el("p", { class: "muted" }, "This manifest has no params; it re-renders as it is."),
    el("div", { class: "actions" }, el("button", { type: "submit", class: "plain" }, "Re-render")));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const values = {};
    for (const input of form.querySelectorAll("[data-key]")) {
      if (input.value !== input.dataset.original) values[input.dataset.key] = typedParam(input.value, input.dataset.original);
    }
    const answer = await guarded($("#job-msg"), () => postJSON("/api/v1/jobs/" + encodeURIComponent(job.id) + "/rerender", { params: values }));
    if (answer && answer.job_id) { follow(answer.job_id); loadHistory(); }
  });
  box.replaceChildren(form);
}

// ---------------------------------------------------------------- history

const HIST_LIMIT = 10;

function summary(j) {
  const input = j.input;
  if (!input || typeof input !== "object") return "";
  const text = input.prompt || input.url || input.name || (input.urls ? input.urls.length + " clips" : "") || (typeof input.manifest === "string" ? (input.manifest.includes("\n") ? (/^name:\s*(.+)$/m.exec(input.manifest) || [])[1] : input.manifest) : "");
  return String(text || "").slice(0, 90);
}

async function loadHistory() {
  cancelLater(histTimer); histTimer = null;
  const type = $("#hist-type").value;
  const query = "?page=" + store.histPage + "&limit=" + HIST_LIMIT + (type ? "&type=" + encodeURIComponent(type) : "");
  await guarded($("#hist-msg"), async () => {
    const page = await getJSON("/api/v1/history" + query);
    store.histPages = Math.max(1, page.pages || 1);
    if (!page.items.length && store.histPage > 1) { store.histPage = store.histPages; return loadHistory(); }
    renderHistory(page);
    say($("#hist-msg"), "");
    // Refreshes while jobs run, and before the players' signed URLs expire.
    const running = page.items.some((j) => !FINAL.has(j.status));
    const soonest = page.items.flatMap((j) => (j.files || []).map((f) => f.signed_url_expires_at)).filter(Boolean).sort()[0];
    const wait = Math.min(running ? 2000 : Infinity, soonest ? msUntil(soonest) : Infinity);
    if (Number.isFinite(wait)) histTimer = later(loadHistory, wait);
  });
}

function renderHistory(page) {
  // A refresh keeps the keyboard focus on the same button of the same job.
  const focused = document.activeElement && document.activeElement.closest ? document.activeElement.closest("#hist-rows .hist") : null;
  const refocus = focused ? [focused.dataset.jobId, document.activeElement.textContent] : null;
  renderHistoryRows(page);
  if (refocus) {
    const row = $$("#hist-rows .hist").find((r) => r.dataset.jobId === refocus[0]);
    const target = row && [...row.querySelectorAll("button")].find((b) => b.textContent === refocus[1]);
    if (target) target.focus();
  }
}

function renderHistoryRows(page) {
  const keep = new Set();
  $("#hist-page").textContent = page.total ? "page " + page.page + " of " + page.pages + " · " + page.total + " jobs" : "";
  $("#hist-prev").disabled = page.page <= 1;
  $("#hist-next").disabled = page.page >= page.pages;
  if (!page.items.length) { $("#hist-rows").replaceChildren(el("li", { class: "muted", id: "history-empty" }, "No jobs yet.")); sweep("hist:", keep); return; }
  $("#hist-rows").replaceChildren(...page.items.map((j) => {
    const st = statusText(j);
    const files = (j.files || []).filter((f) => String(f.signed_url || "").startsWith("/"));
    const first = files.find((f) => fileKind(j, f) === "audio") || null;
    let media = null;
    if (first) {
      const k = "hist:" + j.id + ":" + first.name;
      keep.add(k);
      media = player(k, { url: first.signed_url, resign: async () => {
        const fresh = await getJSON("/api/v1/jobs/" + encodeURIComponent(j.id));
        const f = (fresh.files || []).find((x) => x.name === first.name);
        return f ? f.signed_url : null;
      }, label: "Play " + first.name });
    }
    const prog = FINAL.has(j.status) || st.retry ? "" : " · " + percent(j.progress);
    return el("li", { class: "hist", dataset: { jobId: j.id } },
      el("div", { class: "hist-head" },
        badge(st.text, st.cls),
        el("span", { class: "hist-title" }, typeLabel(j.type) + (summary(j) ? ": " + summary(j) : "")),
        el("span", { class: "muted" }, new Date(j.created_at).toLocaleString() + prog)),
      j.error && !st.retry && j.status === "failed" ? el("div", { class: "err-text" }, j.error.code + ": " + j.error.message) : null,
      j.error && st.retry ? el("div", { class: "muted" }, "Last attempt failed: " + j.error.code) : null,
      files.length ? el("div", { class: "files" }, files.map((f) => f.name).join(", ")) : null,
      media,
      el("div", { class: "actions" },
        el("button", { type: "button", class: "plain small", onclick: () => follow(j.id), "aria-label": "Open job " + j.id.slice(0, 8) }, "Open"),
        el("button", { type: "button", class: "danger small", onclick: () => removeJob(j.id), "aria-label": "Delete job " + j.id.slice(0, 8) }, "Delete")));
  }));
  sweep("hist:", keep);
}

async function removeJob(id) {
  if (!confirm("Delete this job and its files?")) return;
  await guarded($("#hist-msg"), async () => {
    await del("/api/v1/history/" + encodeURIComponent(id));
    if (store.jobId === id) {
      stopFollowing(); store.jobId = null; store.job = null; sweep("job:", new Set());
      jobPanelMessage("Deleted."); $("#job-title").textContent = "";
    }
    await loadHistory();
  });
}

$("#hist-type").addEventListener("change", () => { store.histPage = 1; loadHistory(); });
$("#hist-refresh").addEventListener("click", () => loadHistory());
$("#hist-prev").addEventListener("click", () => { store.histPage = Math.max(1, store.histPage - 1); loadHistory(); });
$("#hist-next").addEventListener("click", () => { store.histPage += 1; loadHistory(); });

// ---------------------------------------------------------------- start: resume the tab's session if it has one

syncDownloadFields();
updateGutter();
(async () => {
  if (!session.refresh) return showSignedOut();
  try { showSignedIn((await getJSON("/api/v1/auth/me")).user); } catch (e) { if (!(e instanceof StaleError)) { clearSession(); showSignedOut(); } }
})();

// For tests and debugging: a read-only look at what the studio holds.
window.__studio = Object.freeze({
  state: () => ({ uploads: store.uploadById.size, job: store.jobId, players: document.querySelectorAll("audio, video").length }),
  statusText: (job) => statusText(job).text,
});
