"""Loopback stand-ins for the services the AI flow calls, speaking their real wire formats:
LRCLIB (/api/get, /api/get-cached, /api/search), Gemini generateContent (the key
"rate-limited-key" gets a 429 with a RetryInfo delay of 17 s), and a media host.
Started by the end-to-end tests on 127.0.0.1; never reaches anything else.

usage: fake_services.py MEDIA_DIR PORT_FILE LOG_FILE
"""
import json, os, sys, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MEDIA, PORT_FILE, LOG = sys.argv[1], sys.argv[2], sys.argv[3]

# The plan the fake Gemini returns: times slightly off the lyric lines, so repair must snap them.
PLAN = {"title": "Loopback mashup", "segments": [
    {"track": 0, "start": 10.2, "end": 21.7, "crossfadeAfter": 2, "reason": "the first chorus"},
    {"track": 1, "start": 6.1, "end": 18.2, "crossfadeAfter": 2, "reason": "verse into chorus"},
    {"track": 2, "start": 26.3, "end": 37.8, "crossfadeAfter": 0, "reason": "the last chorus"},
]}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def record(self):
        with open(LOG, "a") as f:
            f.write(f"{self.command} {self.path}\n")

    def reply(self, status, body, ctype="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def lrclib_record(self, name):
        path = os.path.join(MEDIA, f"{name}.lrc")
        if not os.path.exists(path):
            return None
        synced = open(path).read()
        return {"id": hash(name) % 100000, "trackName": name, "artistName": "Test Singer", "albumName": None,
                "duration": 40.0, "instrumental": False,
                "plainLyrics": "\n".join(l.split("]", 1)[1] for l in synced.splitlines() if l.startswith("[00")),
                "syncedLyrics": synced}

    def do_GET(self):
        self.record()
        url = urllib.parse.urlparse(self.path)
        q = urllib.parse.parse_qs(url.query)
        if url.path in ("/api/get", "/api/get-cached"):
            if "IntelliMix" not in self.headers.get("User-Agent", ""):
                return self.reply(400, {"code": 400, "name": "BadRequest", "message": "User-Agent required"})
            rec = self.lrclib_record(q.get("track_name", [""])[0])
            if rec is None:
                return self.reply(404, {"code": 404, "name": "TrackNotFound", "message": "Failed to find specified track"})
            return self.reply(200, rec)
        if url.path == "/api/search":
            rec = self.lrclib_record(q.get("track_name", q.get("q", [""]))[0])
            return self.reply(200, [rec] if rec else [])
        if url.path.startswith("/media/"):
            path = os.path.join(MEDIA, os.path.basename(url.path))
            if not os.path.exists(path):
                return self.reply(404, b"not found", "text/plain")
            return self.reply(200, open(path, "rb").read(), "audio/wav")
        self.reply(404, {"error": "no route"})

    def transcription(self):
        """verbose_json for the song 'one', with deliberate word errors (a substitution per line, a dropped word)."""
        lrc = open(os.path.join(MEDIA, "one.lrc")).read().splitlines()
        segments, words = [], []
        for line in lrc:
            if not line.startswith("[00"):
                continue
            t = float(line[4:9])
            text = line.split("]", 1)[1].split()
            text[1] = {"wakes": "makes", "walks": "works", "sings": "sinks"}.get(text[1], text[1])
            if len(text) > 4:
                del text[-2]
            step = 3.0 / len(text)
            for i, w in enumerate(text):
                words.append({"word": w, "start": round(t + i * step, 2), "end": round(t + (i + 1) * step, 2)})
            segments.append({"id": len(segments), "start": t, "end": t + 3.0, "text": " " + " ".join(text)})
        return {"task": "transcribe", "language": "english", "duration": 40.0,
                "text": " ".join(s["text"] for s in segments), "segments": segments, "words": words}

    def do_POST(self):
        self.record()
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        if self.path.endswith("/audio/transcriptions"):
            if b'name="response_format"' not in raw or b"verbose_json" not in raw:
                return self.reply(400, {"error": {"message": "verbose_json expected", "type": "invalid_request_error"}})
            return self.reply(200, self.transcription())
        body = json.loads(raw or b"{}")
        if ":generateContent" in self.path:
            if self.headers.get("x-goog-api-key") == "rate-limited-key":
                # Quota exhausted: Gemini's 429 body, with the retry delay in a RetryInfo detail.
                return self.reply(429, {"error": {"code": 429, "status": "RESOURCE_EXHAUSTED",
                                                  "message": "Resource has been exhausted (e.g. check quota).",
                                                  "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "17s"}]}})
            if self.headers.get("x-goog-api-key") != "test-key":
                return self.reply(403, {"error": {"code": 403, "message": "API key not valid", "status": "PERMISSION_DENIED"}})
            assert body["generationConfig"]["responseMimeType"] == "application/json"
            return self.reply(200, {"candidates": [{"content": {"role": "model", "parts": [{"text": json.dumps(PLAN)}]},
                                                    "finishReason": "STOP", "index": 0}],
                                    "usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 10, "totalTokenCount": 20}})
        self.reply(404, {"error": "no route"})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
