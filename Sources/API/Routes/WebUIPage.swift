// The web UI page: one HTML document with its style and script inline, so it loads under a CSP
// that allows nothing from elsewhere. It knows only the public JSON API, as any client would.
/// The single-page UI.
enum WebUIPage {
    /// Scripts and styles are inline; nothing else may load, and media comes only from this origin.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; media-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

    /// The page. Tokens live in memory and sessionStorage (never localStorage, never URLs); server text is
    /// only ever inserted with `textContent`.
    static let html = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>IntelliMix</title>
    <style>
      :root { --fg: #1d2330; --muted: #667; --line: #d8dce6; --bg: #f6f7fb; --accent: #3b5bdb; --bad: #c92a2a; --ok: #2b8a3e; }
      * { box-sizing: border-box; }
      body { margin: 0; font: 15px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
      header { display: flex; align-items: center; justify-content: space-between; padding: .7rem 1.2rem; background: #fff; border-bottom: 1px solid var(--line); }
      header h1 { font-size: 1.2rem; margin: 0; }
      main { max-width: 1100px; margin: 0 auto; padding: 1rem; display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(330px, 1fr)); }
      section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem; }
      section.wide { grid-column: 1 / -1; }
      h2 { font-size: 1rem; margin: 0 0 .6rem; }
      label { display: block; font-size: .85rem; color: var(--muted); margin: .4rem 0 .15rem; }
      input, select, textarea { width: 100%; padding: .4rem .5rem; border: 1px solid var(--line); border-radius: 5px; font: inherit; }
      textarea { min-height: 5rem; font-family: ui-monospace, monospace; font-size: .85rem; }
      button { padding: .4rem .8rem; border: 1px solid var(--accent); border-radius: 5px; background: var(--accent); color: #fff; font: inherit; cursor: pointer; margin-top: .5rem; }
      button.plain { background: #fff; color: var(--accent); }
      button.danger { background: #fff; color: var(--bad); border-color: var(--bad); }
      button:disabled { opacity: .5; cursor: default; }
      .row { display: flex; gap: .4rem; align-items: center; }
      .row > * { flex: 1; }
      .row > .narrow { flex: 0 0 5.5rem; }
      .row button { flex: 0 0 auto; margin-top: 0; }
      .msg { min-height: 1.2rem; font-size: .88rem; margin-top: .4rem; white-space: pre-wrap; }
      .msg.error { color: var(--bad); }
      .msg.ok { color: var(--ok); }
      .muted { color: var(--muted); font-size: .85rem; }
      .hidden { display: none !important; }
      table { width: 100%; border-collapse: collapse; font-size: .88rem; }
      td, th { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid var(--line); vertical-align: middle; }
      progress { width: 100%; height: .8rem; }
      .badge { display: inline-block; padding: 0 .4rem; border-radius: 4px; font-size: .75rem; background: #e7ebf7; }
      .badge.cached { background: #d3f9d8; }
      .badge.failed, .badge.cancelled { background: #ffe3e3; }
      .badge.succeeded, .badge.ran { background: #d3f9d8; }
      audio, video { width: 100%; margin-top: .4rem; }
      code { background: #eef0f6; padding: 0 .25rem; border-radius: 3px; }
    </style>
    </head>
    <body>
    <header>
      <h1>IntelliMix</h1>
      <div id="who" class="row hidden"><span id="who-name"></span><button id="logout" class="plain" type="button">Log out</button></div>
    </header>
    <main>
      <section id="auth" class="wide">
        <h2>Sign in</h2>
        <form id="login-form">
          <label for="email">E-mail</label><input id="email" type="email" autocomplete="username" required>
          <label for="password">Password</label><input id="password" type="password" autocomplete="current-password" minlength="8" required>
          <label for="name">Name (to register)</label><input id="name" autocomplete="name">
          <div class="row"><button type="submit">Log in</button><button id="register" class="plain" type="button">Register</button></div>
          <div id="auth-msg" class="msg"></div>
        </form>
      </section>

      <section class="app hidden">
        <h2>AI mashup</h2>
        <form id="ai-form">
          <label for="ai-prompt">Prompt (name songs as "Title - Artist, Title - Artist", or describe the mix)</label>
          <textarea id="ai-prompt" maxlength="2000" required></textarea>
          <div class="row">
            <div><label for="ai-seconds">Length (s)</label><input id="ai-seconds" type="number" min="10" max="1800" value="120"></div>
            <div><label for="ai-provider">Planner</label>
              <select id="ai-provider"><option value="">default</option><option>heuristic</option><option>gemini</option><option>openai</option></select></div>
          </div>
          <button type="submit">Generate</button><div class="msg"></div>
        </form>
      </section>

      <section class="app hidden">
        <h2>Clip mix</h2>
        <form id="clips-form">
          <div id="clip-rows"></div>
          <button id="add-clip" class="plain" type="button">Add clip</button>
          <button type="submit">Mix</button><div class="msg"></div>
        </form>
        <form id="csv-form">
          <label for="csv-file">…or a CSV file with the header Url,Start,End</label>
          <input id="csv-file" type="file" accept=".csv,text/csv" required>
          <button type="submit">Mix CSV</button><div class="msg"></div>
        </form>
      </section>

      <section class="app hidden">
        <h2>Download</h2>
        <form id="download-form">
          <label for="dl-url">URL</label><input id="dl-url" type="url" required>
          <div class="row">
            <div><label for="dl-kind">What</label><select id="dl-kind"><option value="audio">audio</option><option value="video">video (MP4)</option></select></div>
            <div><label for="dl-format">Audio format</label><select id="dl-format"><option>original</option><option>mp3</option><option>m4a</option><option>opus</option></select></div>
          </div>
          <button type="submit">Download</button><div class="msg"></div>
        </form>
        <form id="upload-form">
          <label for="up-file">Upload your own audio (use it as a manifest source)</label>
          <input id="up-file" type="file" accept="audio/*" required>
          <button type="submit">Upload</button><div class="msg"></div>
        </form>
      </section>

      <section class="app hidden">
        <h2>Manifest</h2>
        <form id="manifest-form">
          <label for="manifest">YAML (or JSON) pipeline manifest</label>
          <textarea id="manifest" rows="12" spellcheck="false">version: 1
    name: my download
    stages:
      - id: download
        kind: fetch
        url: https://example.com/song.mp3
        media: audio
        publish: true
    </textarea>
          <button type="submit">Render</button><div class="msg"></div>
        </form>
      </section>

      <section id="job" class="app hidden wide">
        <h2>Job <span id="job-title" class="muted"></span></h2>
        <div id="job-body" class="muted">Submit something, or open a job from the history.</div>
      </section>

      <section class="app hidden wide">
        <h2>History</h2>
        <div class="row">
          <select id="hist-type"><option value="">all types</option><option>ai_parody</option><option>audio_mix</option><option>audio_download</option><option>video_download</option><option>manifest</option></select>
          <button id="hist-prev" class="plain" type="button">‹ Newer</button><span id="hist-page" class="muted"></span><button id="hist-next" class="plain" type="button">Older ›</button>
        </div>
        <table><tbody id="hist-rows"></tbody></table>
        <div id="hist-msg" class="msg"></div>
      </section>
    </main>
    <script>
    "use strict";
    const $ = (sel) => document.querySelector(sel);
    const state = { access: sessionStorage.getItem("im.access"), refresh: sessionStorage.getItem("im.refresh"), jobId: null, timer: null, events: null, page: 1, pages: 0 };

    // Builds an element; strings become text nodes, so server text is never parsed as HTML.
    function el(tag, props, ...children) {
      const node = document.createElement(tag);
      for (const [k, v] of Object.entries(props || {})) {
        if (k === "class") node.className = v; else if (k.startsWith("on")) node.addEventListener(k.slice(2), v); else node[k] = v;
      }
      for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
      return node;
    }

    function say(target, text, kind) {
      target.textContent = text || "";
      target.className = "msg" + (kind ? " " + kind : "");
    }

    // An error answer as text: "CODE: message", then each detail as "line:column field: message".
    function describe(body, status) {
      if (!body || typeof body !== "object") return "HTTP " + status;
      const lines = [(body.code ? body.code + ": " : "") + (body.message || body.error || "HTTP " + status)];
      for (const d of body.details || []) {
        const at = d.line ? d.line + ":" + (d.column || 1) + " " : "";
        lines.push("  " + at + (d.field ? d.field + ": " : "") + d.message);
      }
      if (body.retry_after_seconds) lines.push("Retry in " + body.retry_after_seconds + " s.");
      return lines.join("\n");
    }

    class ApiError extends Error {
      constructor(status, body) { super(describe(body, status)); this.status = status; this.body = body; }
    }

    function storeSession(s) {
      state.access = s.access_token;
      state.refresh = s.refresh_token;   // rotation: the old refresh token is spent, always keep the new one
      sessionStorage.setItem("im.access", state.access);
      sessionStorage.setItem("im.refresh", state.refresh);
    }

    function clearSession() {
      state.access = state.refresh = null;
      sessionStorage.removeItem("im.access");
      sessionStorage.removeItem("im.refresh");
    }

    // One refresh at a time: two concurrent refreshes with the same token would look like reuse and revoke the login.
    let refreshing = null;
    function refreshSession() {
      if (!refreshing) {
        refreshing = (async () => {
          if (!state.refresh) return false;
          const res = await fetch("/api/v1/auth/refresh", { method: "POST", headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ refresh_token: state.refresh }) });
          if (!res.ok) { clearSession(); showSignedOut(); return false; }
          storeSession(await res.json());
          return true;
        })().finally(() => { refreshing = null; });
      }
      return refreshing;
    }

    // fetch with the access token; on a 401, one refresh and one retry.
    async function api(path, init = {}, retried = false) {
      const headers = new Headers(init.headers || {});
      const used = state.access;
      if (used) headers.set("Authorization", "Bearer " + used);
      const res = await fetch(path, { ...init, headers });
      if (res.status === 401 && !retried && state.refresh) {
        if (state.access !== used || await refreshSession()) return api(path, init, true);
      }
      return res;
    }

    async function body(res) {
      const type = res.headers.get("Content-Type") || "";
      const data = type.includes("json") ? await res.json().catch(() => null) : await res.text();
      if (!res.ok) throw new ApiError(res.status, data);
      return data;
    }

    const getJSON = async (path) => body(await api(path));
    const postJSON = async (path, data) => body(await api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) }));

    // ---- Signing in and out ----

    function showSignedIn(user) {
      $("#auth").classList.add("hidden");
      for (const s of document.querySelectorAll(".app")) s.classList.remove("hidden");
      $("#who").classList.remove("hidden");
      $("#who-name").textContent = user.name + " <" + user.email + ">";
      loadHistory();
    }

    function showSignedOut() {
      stopFollowing();
      $("#auth").classList.remove("hidden");
      for (const s of document.querySelectorAll(".app")) s.classList.add("hidden");
      $("#who").classList.add("hidden");
    }

    async function signIn(path, data) {
      const msg = $("#auth-msg");
      say(msg, "…");
      try {
        const res = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) });
        const s = await body(res);
        storeSession(s);
        say(msg, "");
        $("#password").value = "";
        showSignedIn(s.user);
      } catch (e) { say(msg, e.message, "error"); }
    }

    $("#login-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      signIn("/api/v1/auth/login", { email: $("#email").value, password: $("#password").value });
    });
    $("#register").addEventListener("click", () => {
      if (!$("#login-form").reportValidity()) return;
      signIn("/api/v1/auth/register", { name: $("#name").value, email: $("#email").value, password: $("#password").value });
    });
    $("#logout").addEventListener("click", async () => {
      const headers = { "Content-Type": "application/json" };
      if (state.access) headers.Authorization = "Bearer " + state.access;
      await fetch("/api/v1/auth/logout", { method: "POST", headers, body: JSON.stringify({ refresh_token: state.refresh }) }).catch(() => {});
      clearSession();
      showSignedOut();
    });

    // ---- Submissions: each answers 202 with the job id, which the job panel then follows ----

    function submitter(form, send) {
      const msg = form.querySelector(".msg");
      form.addEventListener("submit", async (ev) => {
        ev.preventDefault();
        const button = form.querySelector("button[type=submit]");
        button.disabled = true;
        say(msg, "Sending…");
        try {
          const answer = await send();
          if (answer && answer.job_id) { say(msg, "Queued as job " + answer.job_id, "ok"); follow(answer.job_id); loadHistory(); }
        } catch (e) { say(msg, e.message, "error"); } finally { button.disabled = false; }
      });
    }

    submitter($("#ai-form"), () => {
      const data = { prompt: $("#ai-prompt").value, target_seconds: Number($("#ai-seconds").value) || 120 };
      if ($("#ai-provider").value) data.provider = $("#ai-provider").value;
      return postJSON("/api/v1/generate-ai", data);
    });

    function addClipRow(url = "", start = "0", end = "30") {
      const row = el("div", { class: "row" },
        el("input", { type: "url", placeholder: "https://…", value: url, required: true, className: "clip-url" }),
        el("input", { placeholder: "start", value: start, className: "narrow clip-start", title: "seconds, MM:SS or HH:MM:SS" }),
        el("input", { placeholder: "end", value: end, className: "narrow clip-end" }),
        el("button", { type: "button", class: "plain", onclick: () => { if ($("#clip-rows").children.length > 1) row.remove(); } }, "✕"));
      $("#clip-rows").append(row);
    }
    addClipRow();
    addClipRow();
    $("#add-clip").addEventListener("click", () => addClipRow());
    submitter($("#clips-form"), () => {
      const urls = [...document.querySelectorAll("#clip-rows .row")].map((r) => ({
        url: r.querySelector(".clip-url").value.trim(), start: r.querySelector(".clip-start").value.trim() || null,
        end: r.querySelector(".clip-end").value.trim() || null }));
      return postJSON("/api/v1/process-array", { urls });
    });

    function fileForm(input) {
      const form = new FormData();
      form.append("file", input.files[0]);
      return form;
    }
    submitter($("#csv-form"), async () => body(await api("/api/v1/process-csv", { method: "POST", body: fileForm($("#csv-file")) })));

    submitter($("#download-form"), () => {
      const url = $("#dl-url").value.trim();
      return $("#dl-kind").value === "video" ? postJSON("/api/v1/download-video", { url })
        : postJSON("/api/v1/download-audio", { url, format: $("#dl-format").value });
    });

    submitter($("#upload-form"), async () => {
      const up = await body(await api("/api/v1/uploads", { method: "POST", body: fileForm($("#up-file")) }));
      const msg = $("#upload-form .msg");
      say(msg, "Uploaded " + up.file_name + " (" + Math.round(up.duration) + " s). Upload id: " + up.upload_id, "ok");
      msg.append(el("br"), el("button", { type: "button", class: "plain", onclick: () => {
        $("#manifest").value = "version: 1\nname: my upload\nstages:\n  - id: mine\n    kind: source\n    upload: " + up.upload_id + "\n";
      } }, "Use in manifest"));
      return null;
    });

    submitter($("#manifest-form"), async () =>
      body(await api("/api/v1/jobs", { method: "POST", headers: { "Content-Type": "application/yaml" }, body: $("#manifest").value })));

    // ---- The job panel: follows the job live (SSE, else polling every second) until it ends ----

    function stopFollowing() {
      clearTimeout(state.timer);
      state.timer = null;
      if (state.events) { state.events.close(); state.events = null; }
      state.jobId = null;
    }

    // Live updates over Server-Sent Events through the job's signed events_url; polling is the fallback.
    function stream(job) {
      if (!window.EventSource || !job.events_url || !job.events_url.startsWith("/api/v1/jobs/")) return false;
      const id = job.id;
      const source = new EventSource(job.events_url);
      state.events = source;
      const update = (e) => { if (state.jobId === id) renderJob(JSON.parse(e.data)); };
      source.addEventListener("progress", update);
      source.addEventListener("done", (e) => { update(e); source.close(); state.events = null; loadHistory(); });
      source.onerror = () => {
        source.close();
        if (state.events === source) { state.events = null; if (state.jobId === id) state.timer = setTimeout(() => poll(id, true), 1000); }
      };
      return true;
    }

    function follow(id) {
      stopFollowing();
      state.jobId = id;
      $("#job-body").textContent = "Loading…";
      poll(id);
    }

    async function poll(id, noStream) {
      let job = null;
      try { job = await getJSON("/api/v1/jobs/" + encodeURIComponent(id)); } catch (e) {
        if (state.jobId !== id) return;
        $("#job-body").replaceChildren(el("div", { class: "msg error" }, e.message));
        if (e.status === 404 || e.status === 401) return;
      }
      if (state.jobId !== id) return;   // the user opened another job meanwhile
      if (job) renderJob(job);
      if (job && ["succeeded", "failed", "cancelled"].includes(job.status)) loadHistory();
      else if (!(job && !noStream && stream(job))) state.timer = setTimeout(() => poll(id, true), 1000);
    }

    const badge = (text) => el("span", { class: "badge " + text }, text);
    const percent = (p) => Math.round((p || 0) * 100) + "%";

    function renderJob(job) {
      $("#job-title").textContent = job.type + " · " + job.id;
      const parts = [el("div", { class: "row" }, badge(job.status), el("progress", { max: 1, value: job.progress || 0 }), el("span", { class: "narrow" }, percent(job.progress)))];
      if (job.error) parts.push(el("div", { class: "msg error" }, job.error.code + ": " + job.error.message));
      if (job.stages && job.stages.length) {
        const rows = job.stages.map((s) => el("tr", {},
          el("td", {}, s.id), el("td", { class: "muted" }, s.kind), el("td", {}, badge(s.error_code === "CANCELLED" ? "cancelled" : s.status), s.cached ? el("span", { class: "muted" }, " from cache") : null),
          el("td", {}, el("progress", { max: 1, value: s.progress || 0 })), el("td", { class: "muted" }, s.seconds ? s.seconds.toFixed(1) + " s" : ""),
          el("td", { class: "msg error" }, s.error_message || "")));
        parts.push(el("table", {}, el("tbody", {}, ...rows)));
      }
      for (const f of job.files || []) {
        if (!String(f.signed_url).startsWith("/files/")) continue;
        const video = /\.(mp4|mkv|webm)$/i.test(f.name) && job.type === "video_download";
        parts.push(el("div", {}, el("strong", {}, f.name), " ", el("a", { href: f.signed_url, download: f.name }, "download"),
          el(video ? "video" : "audio", { controls: true, preload: "metadata", src: f.signed_url })));
      }
      const actions = el("div", { class: "row" });
      if (job.status === "queued" || job.status === "running") {
        actions.append(el("button", { type: "button", class: "danger", onclick: () => jobAction(job.id, "cancel") }, "Cancel"));
      } else {
        actions.append(el("button", { type: "button", class: "plain", onclick: () => jobAction(job.id, "rerender") }, "Re-render"));
      }
      actions.append(el("button", { type: "button", class: "plain", onclick: () => loadManifest(job.id) }, "Edit manifest"));
      parts.push(actions, el("div", { class: "msg", id: "job-msg" }));
      $("#job-body").replaceChildren(...parts);
    }

    async function jobAction(id, action) {
      try {
        const answer = await body(await api("/api/v1/jobs/" + encodeURIComponent(id) + "/" + action, { method: "POST" }));
        follow(answer.job_id || id);
        loadHistory();
      } catch (e) { say($("#job-msg"), e.message, "error"); }
    }

    async function loadManifest(id) {
      try {
        $("#manifest").value = await body(await api("/api/v1/jobs/" + encodeURIComponent(id) + "/manifest"));
        $("#manifest").scrollIntoView({ behavior: "smooth" });
      } catch (e) { say($("#job-msg"), e.message, "error"); }
    }

    // ---- History ----

    async function loadHistory() {
      const type = $("#hist-type").value;
      const query = "?page=" + state.page + "&limit=10" + (type ? "&type=" + encodeURIComponent(type) : "");
      try {
        const page = await getJSON("/api/v1/history" + query);
        state.pages = page.pages;
        if (page.items.length === 0 && state.page > 1) { state.page = Math.max(1, page.pages); return loadHistory(); }
        $("#hist-page").textContent = page.total ? "page " + page.page + " of " + page.pages + " · " + page.total + " jobs" : "no jobs yet";
        $("#hist-prev").disabled = page.page <= 1;
        $("#hist-next").disabled = page.page >= page.pages;
        $("#hist-rows").replaceChildren(...page.items.map((j) => el("tr", {},
          el("td", {}, j.type), el("td", {}, badge(j.status)), el("td", { class: "muted" }, new Date(j.created_at).toLocaleString()),
          el("td", { class: "muted" }, summary(j.input)),
          el("td", {}, el("button", { type: "button", class: "plain", onclick: () => follow(j.id) }, "Open"), " ",
            el("button", { type: "button", class: "danger", onclick: () => removeJob(j.id) }, "Delete")))));
        say($("#hist-msg"), "");
      } catch (e) { say($("#hist-msg"), e.message, "error"); }
    }

    // A one-line summary of a job's request.
    function summary(input) {
      if (!input || typeof input !== "object") return "";
      const text = input.prompt || input.url || input.manifest || (input.urls ? input.urls.length + " clips" : "");
      return String(text).slice(0, 80);
    }

    async function removeJob(id) {
      if (!confirm("Delete this job and its files?")) return;
      try {
        await body(await api("/api/v1/history/" + encodeURIComponent(id), { method: "DELETE" }));
        if (state.jobId === id) { stopFollowing(); $("#job-body").textContent = "Deleted."; $("#job-title").textContent = ""; }
        loadHistory();
      } catch (e) { say($("#hist-msg"), e.message, "error"); }
    }

    $("#hist-type").addEventListener("change", () => { state.page = 1; loadHistory(); });
    $("#hist-prev").addEventListener("click", () => { state.page = Math.max(1, state.page - 1); loadHistory(); });
    $("#hist-next").addEventListener("click", () => { state.page += 1; loadHistory(); });

    // ---- Start: resume the tab's session if it has one ----
    (async () => {
      if (!state.refresh) return showSignedOut();
      try { showSignedIn((await getJSON("/api/v1/auth/me")).user); } catch { clearSession(); showSignedOut(); }
    })();
    </script>
    </body>
    </html>
    """#
}
