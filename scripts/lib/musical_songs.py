#!/usr/bin/python3
"""Musical test songs with an exactly known grid, key, structure and lyric timing.

Run by `scripts/make-lyric-songs --musical DIR` (with /usr/bin/python3 and Debian's numpy):
writes DIR/{one,two,three}.wav (44.1 kHz, stereo, 16-bit PCM), DIR/{one,two,three}.lrc and
DIR/songs.json (the truth: tempo, key, grid, phrases, sections and vocal line spans).

  one    120 BPM  A minor  (8A)  Am-F-C-E  (i-VI-III-V, the harmonic-minor V)
  two    126 BPM  C major  (8B)  C-G-Am-F  (I-V-vi-IV)
  three   92 BPM  E minor  (9A)  Em-C-G-B  (i-VI-III-V, the harmonic-minor V)

Every song is 48 bars of 4/4 after a 0.5 s silent lead-in: beat k is at 0.5 + k*60/BPM (an event
sits on the nearest sample), bar b starts at beat 4b, and the file ends where bar 48 would start.
Sections, in bars: intro 0-7 (drums + pad), verse 8-15 (+ bass, lines on bars 8, 10, 12, 14),
chorus 16-23 (+ open hats, brighter and louder pad; lines on 16, 18, 20, 22), break 24-31 (no
kick, quieter), chorus 32-39 (the same words), outro 40-47 (drums + pad, fading). A crash marks
every phrase start from bar 8 on. The chords change every 2 bars, so each 8-bar phrase starts on
the tonic chord. Kick on every beat (the downbeat's 3 dB louder), clap on beats 2 and 4, closed
hats on the off-beat eighths, bass on the chord root (octave 2) once per beat.

Lines are spoken by espeak-ng, start exactly on their downbeat (espeak's leading silence is cut),
last less than 2 bars minus a beat (faster speech when needed) and sit 4.5 dB over the bed (RMS,
over the line's span). The mix is normalised to a -1 dBFS peak. Nothing is random at run time:
noise comes from fixed seeds, and espeak-ng is deterministic, so every run writes the same files.
"""
import json
import os
import subprocess
import sys
import tempfile
import wave
from fractions import Fraction

import numpy as np

SR = 44100
LEAD_IN = Fraction(1, 2)
BARS = 48
BEATS_PER_BAR = 4
PHRASE_BARS = 8
VOCAL_OVER_BED_DB = 4.5
PEAK_DBFS = -1.0

NOTE_NAMES = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]

# (name, bpm, tonic pitch class, mode, camelot, chords as (root pitch class, quality), espeak voice)
SONGS = [
    ("one", 120, 9, "minor", "8A", [(9, "m"), (5, ""), (0, ""), (4, "")], ("en-us", 160, 50)),
    ("two", 126, 0, "major", "8B", [(0, ""), (7, ""), (9, "m"), (5, "")], ("en-gb", 165, 65)),
    ("three", 92, 4, "minor", "9A", [(4, "m"), (0, ""), (7, ""), (11, "")], ("en-us", 150, 35)),
]

SECTIONS = [("intro", 0), ("verse", 8), ("chorus", 16), ("break", 24), ("chorus", 32), ("outro", 40)]


def lines_for(name):
    verse = [f"{name} wakes up in the morning", f"{name} walks along the river",
             f"{name} counts the city lights", f"{name} is dancing in the rain"]
    chorus = ["hands up for the golden chorus", "we all sing the golden chorus",
              f"{name} sings the golden chorus", "golden chorus all night long"]
    out = []
    for i, text in enumerate(verse):
        out.append((8 + 2 * i, "verse", text))
    for start in (16, 32):
        for i, text in enumerate(chorus):
            out.append((start + 2 * i, "chorus", text))
    return out


def section_of(bar):
    name = SECTIONS[0][0]
    for n, start in SECTIONS:
        if bar >= start:
            name = n
    return name


def sample_at(t):
    """The sample nearest to the exact time t (a Fraction), rounding halves up."""
    return int((t * SR + Fraction(1, 2)) // 1)


def midi_hz(m):
    return 440.0 * 2.0 ** ((m - 69) / 12.0)


def add(buf, pos, sig):
    """Adds sig into buf from sample pos, clipped to buf's end."""
    if pos >= len(buf):
        return
    n = min(len(sig), len(buf) - pos)
    buf[pos:pos + n] += sig[:n]


def shaped_noise(rng, n, lo, hi):
    """Seeded white noise band-limited to lo..hi Hz (soft edges), unit RMS."""
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1.0 / SR)
    mask = 1.0 / (1.0 + (lo / np.maximum(f, 1.0)) ** 4) / (1.0 + (f / hi) ** 4)
    x = np.fft.irfft(spec * mask, n)
    return x / np.sqrt(np.mean(x * x))


class Kit:
    """Fixed drum one-shots (seeded noise)."""

    def __init__(self, seed):
        rng = np.random.default_rng(seed)
        t = np.arange(int(0.45 * SR)) / SR
        freq = 48.0 + 110.0 * np.exp(-t / 0.035)
        kick = np.sin(2 * np.pi * np.cumsum(freq) / SR) * np.exp(-t / 0.16)
        kick += 0.3 * shaped_noise(rng, len(t), 1500, 6000) * np.exp(-t / 0.003)
        self.kick = kick * np.minimum(1.0, t / 0.001) * self._tail(len(t))

        t = np.arange(int(0.3 * SR)) / SR
        bursts = sum(np.exp(-np.maximum(t - d, 0) / 0.006) * (t >= d) for d in (0.0, 0.011, 0.022))
        env = 0.6 * bursts + np.exp(-np.maximum(t - 0.022, 0) / 0.07) * (t >= 0.022)
        clap = shaped_noise(rng, len(t), 900, 4000) * env
        clap += 0.4 * np.sin(2 * np.pi * 185 * t) * np.exp(-t / 0.05)
        self.clap = 0.3 * clap * self._tail(len(t))

        self.closed_hats = []
        self.open_hats = []
        for _ in range(4):
            t = np.arange(int(0.06 * SR)) / SR
            self.closed_hats.append(shaped_noise(rng, len(t), 7000, 16000) * np.exp(-t / 0.011) * self._tail(len(t)))
            t = np.arange(int(0.3 * SR)) / SR
            self.open_hats.append(shaped_noise(rng, len(t), 6000, 15000) * np.exp(-t / 0.08) * self._tail(len(t)))

        t = np.arange(int(1.6 * SR)) / SR
        self.crash = shaped_noise(rng, len(t), 4000, 14000) * np.exp(-t / 0.45) * self._tail(len(t))

    @staticmethod
    def _tail(n):
        """A 5 ms fade at the end of a one-shot."""
        w = np.ones(n)
        k = min(n, int(0.005 * SR))
        w[n - k:] = np.linspace(1.0, 0.0, k)
        return w


def tone(freq, n, harmonics, detune_cents=0.0):
    """A sum of harmonics (amplitude 1/h) at freq, n samples, phase 0."""
    t = np.arange(n) / SR
    f = freq * 2.0 ** (detune_cents / 1200.0)
    out = np.zeros(n)
    for h in range(1, harmonics + 1):
        if f * h < SR / 2 - 2000:
            out += np.sin(2 * np.pi * f * h * t) / h
    return out


def pad_env(n, attack=0.08, decay=0.5, sustain=0.7, release=0.25):
    t = np.arange(n) / SR
    env = np.where(t < attack, t / attack, sustain + (1 - sustain) * np.exp(-(t - attack) / decay))
    r = min(n, int(release * SR))
    env[n - r:] *= np.linspace(1.0, 0.0, r)
    return env


def chord_notes(root, quality):
    """Pad voicing: the triad with its root in E3..D#4, plus the root an octave below."""
    r = 52 + (root - 52) % 12
    third = 3 if quality == "m" else 4
    return [r - 12, r, r + third, r + 7]


def chord_name(root, quality):
    return NOTE_NAMES[root] + quality


def espeak_line(text, voice, speed, pitch, max_seconds, tmpdir, index):
    """espeak-ng's rendering of text at 44.1 kHz, silence trimmed; speeds up until it fits."""
    path = os.path.join(tmpdir, f"line-{index}.wav")
    while True:
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", path, text], check=True)
        with wave.open(path, "rb") as w:
            rate = w.getframerate()
            x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0
            if w.getnchannels() > 1:
                x = x.reshape(-1, w.getnchannels()).mean(axis=1)
        os.unlink(path)
        loud = np.flatnonzero(np.abs(x) > 0.01 * np.max(np.abs(x)))
        x = x[loud[0]:loud[-1] + 1]
        # Band-limited resampling to 44.1 kHz (zero-padded spectrum).
        n_out = int(round(len(x) * SR / rate))
        pad = 1024
        xp = np.concatenate([x, np.zeros(pad)])
        spec = np.fft.rfft(xp)
        m_out = int(round(len(xp) * SR / rate))
        out_spec = np.zeros(m_out // 2 + 1, dtype=complex)
        k = min(len(spec), len(out_spec))
        out_spec[:k] = spec[:k]
        y = np.fft.irfft(out_spec, m_out) * (m_out / len(xp))
        y = y[:n_out]
        fade = min(len(y), int(0.003 * SR))
        y[:fade] *= np.linspace(0.0, 1.0, fade)
        y[len(y) - fade:] *= np.linspace(1.0, 0.0, fade)
        if len(y) / SR < max_seconds or speed >= 450:
            if len(y) / SR >= max_seconds:
                raise SystemExit(f"musical_songs: '{text}' does not fit in {max_seconds:.2f} s")
            return y, speed
        speed += 15


def render(song, outdir, tmpdir, seed):
    name, bpm, tonic, mode, camelot, chords, (voice, speed, pitch) = song
    beat = Fraction(60, bpm)
    bar = beat * BEATS_PER_BAR
    beat_t = lambda k: LEAD_IN + k * beat  # noqa: E731
    total = sample_at(LEAD_IN + BARS * bar)
    left = np.zeros(total)
    right = np.zeros(total)
    kit = Kit(seed)

    # Drums.
    for k in range(BARS * BEATS_PER_BAR):
        b, pos = divmod(k, BEATS_PER_BAR)
        sec = section_of(b)
        s = sample_at(beat_t(k))
        if sec != "break":
            g = 0.6 * (10 ** (3 / 20) if pos == 0 else 1.0)
            add(left, s, g * kit.kick)
            add(right, s, g * kit.kick)
        if pos in (1, 3):
            g = 0.6 if sec == "break" else 1.0
            add(left, s, g * kit.clap)
            add(right, s, g * kit.clap)
        off = sample_at(beat_t(k) + beat / 2)
        hat = kit.closed_hats[k % 4]
        if sec == "chorus":
            oh = kit.open_hats[k % 4]
            add(left, off, 0.2 * oh)
            add(right, off, 0.15 * oh)
        else:
            add(left, off, 0.045 * hat)
            add(right, off, 0.065 * hat)
    for b in range(PHRASE_BARS, BARS, PHRASE_BARS):
        s = sample_at(beat_t(b * BEATS_PER_BAR))
        add(left, s, 0.08 * kit.crash)
        add(right, s, 0.08 * kit.crash)

    # Pad (chords, 2 bars each) and bass (root, octave 2, once per beat).
    for c in range(BARS // 2):
        b = 2 * c
        sec = section_of(b)
        root, quality = chords[c % 4]
        start = sample_at(beat_t(b * BEATS_PER_BAR))
        n = sample_at(beat_t((b + 2) * BEATS_PER_BAR)) - start
        bright = sec == "chorus"
        harmonics = 7 if bright else 4
        gain = {"chorus": 0.17, "break": 0.075}.get(sec, 0.08)
        env = pad_env(n)
        for i, m in enumerate(chord_notes(root, quality)):
            w = (1.2 if i == 0 else 1.0) * gain
            add(left, start, w * env * tone(midi_hz(m), n, harmonics, -4.0))
            add(right, start, w * env * tone(midi_hz(m), n, harmonics, +4.0))
        if sec in ("verse", "chorus", "break"):
            bass_hz = midi_hz(36 + root)
            g = 0.3 if sec == "break" else 0.35
            for k in range(b * BEATS_PER_BAR, (b + 2) * BEATS_PER_BAR):
                s = sample_at(beat_t(k))
                m = int(0.8 * float(beat) * SR)
                t = np.arange(m) / SR
                env_b = np.minimum(1.0, t / 0.006) * np.exp(-t / 0.35) * Kit._tail(m)
                note = (np.sin(2 * np.pi * bass_hz * t) + 0.35 * np.sin(4 * np.pi * bass_hz * t)
                        + 0.12 * np.sin(6 * np.pi * bass_hz * t))
                add(left, s, g * env_b * note)
                add(right, s, g * env_b * note)

    # Outro fades from full level at bar 40 to -4.4 dB at the end; a 10 ms fade closes the file.
    o = sample_at(beat_t(40 * BEATS_PER_BAR))
    ramp = np.linspace(1.0, 0.6, total - o)
    left[o:] *= ramp
    right[o:] *= ramp
    end = int(0.01 * SR)
    left[total - end:] *= np.linspace(1.0, 0.0, end)
    right[total - end:] *= np.linspace(1.0, 0.0, end)

    # Vocals, centred, 4.5 dB over the bed's RMS in the line's span.
    bed = 0.5 * (left + right)
    max_seconds = float(2 * bar - beat)
    lines = []
    for i, (b, sec, text) in enumerate(lines_for(name)):
        y, used_speed = espeak_line(text, voice, speed, pitch, max_seconds, tmpdir, f"{name}-{i}")
        start_t = beat_t(b * BEATS_PER_BAR)
        s = sample_at(start_t)
        span = bed[s:s + len(y)]
        bed_rms = np.sqrt(np.mean(span * span))
        voc_rms = np.sqrt(np.mean(y * y))
        y = y * (bed_rms / voc_rms) * 10 ** (VOCAL_OVER_BED_DB / 20)
        add(left, s, y)
        add(right, s, y)
        lines.append({"text": text, "bar": b, "section": sec, "start": round(float(start_t), 6),
                      "end": round(float(start_t) + len(y) / SR, 3), "espeak_speed": used_speed})

    # Normalise to the peak level and write 16-bit PCM.
    peak = max(np.max(np.abs(left)), np.max(np.abs(right)))
    scale = 10 ** (PEAK_DBFS / 20) / peak
    pcm = np.round(np.stack([left, right], axis=1) * scale * 32767).astype("<i2")
    with wave.open(os.path.join(outdir, f"{name}.wav"), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(SR)
        w.writeframes(pcm.tobytes())

    # LRC: the exact start, rounded to the nearest centisecond.
    lrc = [f"[ti:{name}]", "[ar:Test Singer]"]
    for (b, _, text) in lines_for(name):
        cs = int((beat_t(b * BEATS_PER_BAR) * 100 + Fraction(1, 2)) // 1)
        lrc.append(f"[{cs // 6000:02d}:{cs % 6000 // 100:02d}.{cs % 100:02d}]{text}")
    with open(os.path.join(outdir, f"{name}.lrc"), "w", encoding="utf-8") as f:
        f.write("\n".join(lrc) + "\n")

    sections = []
    for i, (sec, b) in enumerate(SECTIONS):
        e = SECTIONS[i + 1][1] if i + 1 < len(SECTIONS) else BARS
        sections.append({"name": sec, "start_bar": b, "end_bar": e,
                         "start": round(float(beat_t(b * BEATS_PER_BAR)), 6),
                         "end": round(float(beat_t(e * BEATS_PER_BAR)), 6)})
    return {
        "wav": f"{name}.wav", "lrc": f"{name}.lrc",
        "bpm": bpm, "key": f"{NOTE_NAMES[tonic]} {mode}", "camelot": camelot,
        "meter": f"{BEATS_PER_BAR}/4", "beats_per_bar": BEATS_PER_BAR,
        "first_downbeat": float(LEAD_IN), "beat_period": round(float(beat), 9),
        "bars": BARS, "phrase_bars": PHRASE_BARS,
        "duration": round(total / SR, 6),
        "chords": [chord_name(r, q) for r, q in chords],
        "chord_bars": 2,
        "phrase_starts": [round(float(beat_t(b * BEATS_PER_BAR)), 6) for b in range(0, BARS, PHRASE_BARS)],
        "sections": sections,
        "lines": lines,
        "voice": {"voice": voice, "speed": speed, "pitch": pitch},
        "peak_dbfs": PEAK_DBFS,
    }


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: musical_songs.py DIR\n")
        return 2
    outdir = argv[1]
    os.makedirs(outdir, exist_ok=True)
    truth = {"sample_rate": SR, "channels": 2, "format": "pcm_s16le",
             "grid": "beat k at first_downbeat + k*60/bpm; bar b starts at beat 4b", "songs": {}}
    with tempfile.TemporaryDirectory(prefix="musical-songs-") as tmpdir:
        for i, song in enumerate(SONGS):
            truth["songs"][song[0]] = render(song, outdir, tmpdir, seed=1000 + i)
    with open(os.path.join(outdir, "songs.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, indent=2)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
