// A waveform drawn on a canvas from an upload's peaks, with draggable start and end handles.
// The handles are a pointer convenience: the start and end text fields beside it are the
// keyboard-accessible way to set the same values, and both stay in sync.

const HANDLE_PX = 10;

export class Waveform {
  /** onChange(start, end) is called while dragging. */
  constructor({ duration, peaks, start, end, onChange, label }) {
    this.duration = duration || 0;
    this.peaks = peaks || [];
    this.start = start; this.end = end;
    this.onChange = onChange;
    this.drag = null;
    this.canvas = document.createElement("canvas");
    this.canvas.setAttribute("role", "img");
    this.canvas.setAttribute("aria-label", label || "Waveform");
    this.node = document.createElement("div");
    this.node.className = "wave";
    this.node.append(this.canvas);
    this.canvas.addEventListener("pointerdown", (e) => this.down(e));
    this.canvas.addEventListener("pointermove", (e) => this.move(e));
    this.canvas.addEventListener("pointerup", (e) => this.up(e));
    this.canvas.addEventListener("pointercancel", (e) => this.up(e));
    // Keyboard: arrows move the end handle, Shift+arrows the start (0.1 s; with Alt 1 s).
    this.canvas.tabIndex = 0;
    this.canvas.addEventListener("keydown", (e) => this.key(e));
    this.resizer = new ResizeObserver(() => this.draw());
    this.resizer.observe(this.canvas);
  }

  destroy() { this.resizer.disconnect(); }

  set(start, end) { this.start = start; this.end = end; this.draw(); }

  x(t) { return (t / (this.duration || 1)) * this.canvas.clientWidth; }
  t(x) { return Math.max(0, Math.min(this.duration, (x / (this.canvas.clientWidth || 1)) * this.duration)); }

  down(e) {
    if (!this.duration) return;
    const x = e.offsetX;
    const s = Number.isFinite(this.start) ? this.start : 0;
    const en = Number.isFinite(this.end) ? this.end : this.duration;
    const ds = Math.abs(x - this.x(s)), de = Math.abs(x - this.x(en));
    if (ds <= HANDLE_PX || de <= HANDLE_PX) this.drag = ds <= de ? "start" : "end";
    else this.drag = Math.abs(x - this.x(s)) < Math.abs(x - this.x(en)) ? "start" : "end";
    this.canvas.setPointerCapture(e.pointerId);
    this.move(e);
  }

  move(e) {
    if (!this.drag) {
      const x = e.offsetX;
      this.canvas.title = "";
      return;
    }
    const t = Math.round(this.t(e.offsetX) * 10) / 10;
    let s = Number.isFinite(this.start) ? this.start : 0;
    let en = Number.isFinite(this.end) ? this.end : this.duration;
    if (this.drag === "start") s = Math.min(t, en - 0.1); else en = Math.max(t, s + 0.1);
    this.start = Math.max(0, s); this.end = Math.min(this.duration, en);
    this.draw();
    this.onChange && this.onChange(this.start, this.end);
  }

  key(e) {
    if (!this.duration || (e.key !== "ArrowLeft" && e.key !== "ArrowRight")) return;
    e.preventDefault();
    const step = (e.altKey ? 1 : 0.1) * (e.key === "ArrowLeft" ? -1 : 1);
    let s = Number.isFinite(this.start) ? this.start : 0;
    let en = Number.isFinite(this.end) ? this.end : this.duration;
    if (e.shiftKey) s = Math.max(0, Math.min(en - 0.1, s + step)); else en = Math.min(this.duration, Math.max(s + 0.1, en + step));
    this.start = Math.round(s * 10) / 10; this.end = Math.round(en * 10) / 10;
    this.draw();
    this.onChange && this.onChange(this.start, this.end);
  }

  up(e) {
    if (this.drag) { this.drag = null; try { this.canvas.releasePointerCapture(e.pointerId); } catch { /* released */ } }
  }

  draw() {
    const c = this.canvas;
    const w = c.clientWidth, h = c.clientHeight;
    if (!w || !h) return;
    const dpr = window.devicePixelRatio || 1;
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) { c.width = Math.round(w * dpr); c.height = Math.round(h * dpr); }
    const g = c.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    const s = Number.isFinite(this.start) ? this.start : 0;
    const en = Number.isFinite(this.end) ? Math.min(this.end, this.duration) : this.duration;
    const xs = this.x(s), xe = this.x(en);
    g.fillStyle = "rgba(47,73,184,0.14)";
    g.fillRect(xs, 0, Math.max(0, xe - xs), h);
    const n = this.peaks.length;
    const mid = h / 2;
    const scale = 1 / Math.max(0.02, ...this.peaks.slice(0, 4000));   // quiet audio still shows its shape
    for (let px = 0; px < w; px++) {
      const i0 = Math.floor((px / w) * n), i1 = Math.max(i0 + 1, Math.floor(((px + 1) / w) * n));
      let p = 0;
      for (let i = i0; i < i1 && i < n; i++) p = Math.max(p, this.peaks[i]);
      const inside = px >= xs && px <= xe;
      g.fillStyle = inside ? "#2f49b8" : "#9aa3b8";
      const a = Math.max(1, Math.min(1, p * scale) * (h / 2 - 2));
      g.fillRect(px, mid - a, 1, a * 2);
    }
    for (const [xh, name] of [[xs, "start"], [xe, "end"]]) {
      g.fillStyle = name === "start" ? "#1e6b31" : "#b3261e";
      g.fillRect(Math.min(w - 3, Math.max(0, xh - 1.5)), 0, 3, h);
      g.beginPath();
      const cx = Math.min(w - 6, Math.max(6, xh));
      g.moveTo(cx - 6, 0); g.lineTo(cx + 6, 0); g.lineTo(cx, 8); g.closePath(); g.fill();
    }
  }
}

/** A small static waveform (the library). */
export function drawPeaks(canvas, peaks) {
  const w = canvas.clientWidth || 300, h = canvas.clientHeight || 48;
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
  const g = canvas.getContext("2d");
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.fillStyle = "#5b6fc4";
  const n = peaks.length;
  const scale = 1 / Math.max(0.02, ...peaks.slice(0, 4000));
  for (let px = 0; px < w; px++) {
    const i0 = Math.floor((px / w) * n), i1 = Math.max(i0 + 1, Math.floor(((px + 1) / w) * n));
    let p = 0;
    for (let i = i0; i < i1 && i < n; i++) p = Math.max(p, peaks[i]);
    const a = Math.max(0.5, Math.min(1, p * scale) * (h / 2 - 1));
    g.fillRect(px, h / 2 - a, 1, a * 2);
  }
}
