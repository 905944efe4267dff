// Audio and video players fed by signed URLs. A player keeps its element across re-renders (so a
// refreshed list does not stop what is playing), takes a fresh URL before the old one expires
// (swapped in only while paused), and on a media `error` asks for a new signature once and retries.

import { later } from "./api.js";

const pool = new Map();   // key -> player

class Player {
  constructor(key, kind, url, resign, label) {
    this.key = key;
    this.resign = resign;
    this.retried = false;
    this.media = document.createElement(kind);
    this.media.controls = true;
    this.media.preload = "metadata";
    if (label) this.media.setAttribute("aria-label", label);
    this.media.src = url;
    this.url = url;
    this.media.addEventListener("error", () => this.onError());
    this.media.addEventListener("loadeddata", () => { this.okAt = Date.now(); });
    this.media.addEventListener("playing", () => { this.retried = false; });
    // Whether the listener wants sound: a failed load (an expired URL) does not count as a pause.
    this.media.addEventListener("play", () => { this.wantPlay = true; });
    this.media.addEventListener("pause", () => { if (!this.media.error) this.wantPlay = false; });
  }

  /** A newer signed URL: used at once when nothing is playing, else at the next error. */
  setURL(url) {
    if (!url || url === this.url) return;
    this.url = url;
    const m = this.media;
    if (m.paused && !m.seeking) {
      const at = m.currentTime;
      m.src = url;
      if (at > 0) m.addEventListener("loadedmetadata", () => { try { m.currentTime = at; } catch { /* not seekable */ } }, { once: true });
    }
  }

  async onError() {
    if (this.retried || !this.resign) return;
    this.retried = true;
    const m = this.media;
    const at = m.currentTime, wasPlaying = this.wantPlay || !m.paused;
    let url = null;
    try { url = await this.resign(); } catch { url = null; }
    if (!url || !m.isConnected) return;
    this.url = url;
    m.src = url;
    m.load();
    m.addEventListener("loadedmetadata", () => {
      try { if (at > 0) m.currentTime = at; } catch { /* not seekable */ }
      if (wasPlaying) m.play().catch(() => {});
    }, { once: true });
    // Another error after this retry may re-sign again, but not in a loop.
    later(() => { this.retried = false; }, 5000);
  }
}

/** The player for key (created once), with its URL brought up to date. */
export function player(key, { url, kind = "audio", resign, label }) {
  let p = pool.get(key);
  if (p && p.media.tagName.toLowerCase() !== kind) { drop(key); p = null; }
  if (!p) { p = new Player(key, kind, url, resign, label); pool.set(key, p); }
  else { p.resign = resign || p.resign; p.setURL(url); }
  return p.media;
}

/** Gives a fresh URL to an existing player (no-op when there is none). */
export function refreshPlayer(key, url) { const p = pool.get(key); if (p) p.setURL(url); }

export function drop(key) {
  const p = pool.get(key);
  if (!p) return;
  pool.delete(key);
  p.media.pause();
  p.media.removeAttribute("src");
  p.media.load();
  p.media.remove();
}

/** Drops the players whose key starts with prefix and is not in keep. */
export function sweep(prefix, keep) {
  for (const key of [...pool.keys()]) if (key.startsWith(prefix) && !keep.has(key)) drop(key);
}

export function dropAll() { for (const key of [...pool.keys()]) drop(key); }
