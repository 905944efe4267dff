// Manifest text built and read in the browser: the clip mixer's YAML (what is shown is exactly
// what is submitted), the top-level `params:` mapping of a stored manifest, and a stage line.

/** A YAML scalar: plain when safe, else double-quoted JSON (valid YAML). Numbers stay numbers. */
export function scalar(v) {
  if (typeof v === "number") return Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : "0";
  if (typeof v === "boolean") return v ? "true" : "false";
  const s = String(v);
  if (/^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/.test(s) && !/^(true|false|null|yes|no|on|off|~)$/i.test(s) && !/^[0-9.\-]+$/.test(s)) return s;
  return JSON.stringify(s);
}

/** A clip time as the manifest wants it: a number of seconds, or quoted text with colons. */
export function timeValue(text) {
  const t = String(text ?? "").trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  return t;
}

/**
 * The clip mix manifest. clips: [{kind: "upload"|"url", upload, url, start, end, label}].
 * One source (or fetch) and one cut per clip, a crossfade when there are two or more, one encode.
 */
export function clipMixManifest({ name, clips, crossfade, format }) {
  const lines = ["version: 1", "name: " + scalar(name || "clip-mix"), "params:", "  crossfade: " + scalar(Number(crossfade) || 0), "stages:"];
  const cuts = [];
  clips.forEach((c, i) => {
    const n = i + 1;
    const src = "src" + n, cut = "clip" + n;
    if (c.kind === "upload") {
      lines.push("  - { id: " + src + ", kind: source, upload: " + scalar(c.upload || "") + " }" + (c.label ? "   # " + c.label.replace(/[\r\n]/g, " ") : ""));
    } else {
      lines.push("  - { id: " + src + ", kind: fetch, url: " + JSON.stringify(c.url || "") + ", media: audio }");
    }
    const parts = ["id: " + cut, "kind: cut", "input: " + src];
    if (String(c.start ?? "").trim() !== "") parts.push("start: " + scalar(timeValue(c.start)));
    if (String(c.end ?? "").trim() !== "") parts.push("end: " + scalar(timeValue(c.end)));
    lines.push("  - { " + parts.join(", ") + " }");
    cuts.push(cut);
  });
  let last = cuts[0] || "clip1";
  if (cuts.length > 1) {
    lines.push("  - id: merged", "    kind: crossfade", "    inputs: [" + cuts.join(", ") + "]", "    duration: ${params.crossfade}");
    last = "merged";
  }
  const enc = ["id: out", "kind: encode", "input: " + last, "format: " + scalar(format || "mp3")];
  if (["mp3", "aac"].includes(format || "mp3")) enc.push("bitrate: 192k");
  if (format === "opus") enc.push("bitrate: 128k");
  enc.push("title: " + scalar(name || "Clip mix"));
  lines.push("  - { " + enc.join(", ") + " }");
  return lines.join("\n") + "\n";
}

/** The source stage line "Use upload" inserts: `- { id: ..., kind: source, upload: ID }`. */
export function uploadStageLine(id, upload, indent) {
  return (indent ?? "  ") + "- { id: " + id + ", kind: source, upload: " + upload + " }";
}

/**
 * The top-level `params:` mapping of a manifest, read simply: `params:` at column 0, then its
 * indented `key: value` lines (comments dropped, quotes removed). Also reads `params: {a: 1, b: x}`.
 */
export function readParams(text) {
  const out = [];
  const lines = String(text || "").split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^params:\s*(.*)$/.exec(lines[i]);
    if (!m) continue;
    const rest = stripComment(m[1]).trim();
    if (rest.startsWith("{")) {
      for (const part of splitFlow(rest.slice(1, rest.lastIndexOf("}")))) {
        const kv = /^\s*([^:]+?)\s*:\s*(.*?)\s*$/.exec(part);
        if (kv) out.push({ key: unquote(kv[1]), value: unquote(kv[2]) });
      }
      return out;
    }
    let indent = null;
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j];
      if (/^\s*(#.*)?$/.test(line)) continue;
      const lead = /^(\s*)/.exec(line)[1].length;
      if (lead === 0) break;
      if (indent === null) indent = lead;
      if (lead !== indent) continue;   // nested values are not offered as fields
      const kv = /^\s*("[^"]*"|'[^']*'|[^:#]+?)\s*:\s*(.*)$/.exec(line);
      if (kv) out.push({ key: unquote(kv[1]), value: unquote(stripComment(kv[2]).trim()) });
    }
    return out;
  }
  return out;
}

function stripComment(s) {
  let q = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) { if (c === q) q = null; continue; }
    if (c === '"' || c === "'") q = c;
    else if (c === "#" && (i === 0 || /\s/.test(s[i - 1]))) return s.slice(0, i);
  }
  return s;
}

function splitFlow(s) {
  const parts = []; let cur = ""; let q = null;
  for (const c of s) {
    if (q) { cur += c; if (c === q) q = null; continue; }
    if (c === '"' || c === "'") { q = c; cur += c; continue; }
    if (c === ",") { parts.push(cur); cur = ""; continue; }
    cur += c;
  }
  if (cur.trim()) parts.push(cur);
  return parts;
}

function unquote(s) {
  s = String(s).trim();
  if (s.length >= 2 && s[0] === '"' && s.endsWith('"')) { try { return JSON.parse(s); } catch { return s.slice(1, -1); } }
  if (s.length >= 2 && s[0] === "'" && s.endsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
  return s;
}

/** A params value typed back: numbers and booleans as such, the rest as text. */
export function typedParam(text, original) {
  const t = String(text).trim();
  if (/^-?\d+(\.\d+)?$/.test(t) && (original === undefined || /^-?\d+(\.\d+)?$/.test(String(original).trim()))) return Number(t);
  if (/^(true|false)$/.test(t)) return t === "true";
  return text;
}

/** Parses a CSV text with the header Url,Start,End (any case, any column order, quoted cells). */
export function parseClipCSV(text) {
  const rows = [];
  let row = [], cell = "", q = false;
  const s = String(text).replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === '"') { if (s[i + 1] === '"') { cell += '"'; i++; } else q = false; } else cell += c;
    } else if (c === '"') q = true;
    else if (c === ",") { row.push(cell); cell = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && s[i + 1] === "\n") i++;
      row.push(cell); rows.push(row); row = []; cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
  const data = rows.filter((r) => r.some((c) => c.trim() !== ""));
  if (!data.length) throw new Error("The CSV file is empty.");
  const head = data[0].map((h) => h.trim().toLowerCase());
  const iu = head.indexOf("url"), is = head.indexOf("start"), ie = head.indexOf("end");
  if (iu < 0) throw new Error("The CSV file needs the header Url,Start,End.");
  return data.slice(1).map((r) => ({ url: (r[iu] || "").trim(), start: is >= 0 ? (r[is] || "").trim() : "", end: ie >= 0 ? (r[ie] || "").trim() : "" }));
}

/** The same manifest with every encode stage's format changed (a lossless format drops the bit rate). */
export function withEncodeFormat(text, format) {
  let inEncode = false;
  const out = [];
  for (const line of String(text).split("\n")) {
    if (/^\s*-\s/.test(line)) inEncode = /kind:\s*encode\b/.test(line);
    if (/^\s+kind:\s*encode\b/.test(line)) inEncode = true;
    if (inEncode && /^\s+bitrate:/.test(line) && ["flac", "wav"].includes(format)) continue;
    if (inEncode && /^\s*-?\s*\{/.test(line)) {   // a flow mapping on one line
      let l = line.replace(/format:\s*[A-Za-z0-9]+/, "format: " + format);
      if (["flac", "wav"].includes(format)) l = l.replace(/,\s*bitrate:\s*[^,}\s]+/, "");
      out.push(l);
      continue;
    }
    if (inEncode && /^\s+format:\s*\S+/.test(line)) { out.push(line.replace(/format:\s*\S+/, "format: " + format)); continue; }
    out.push(line);
  }
  return out.join("\n");
}
