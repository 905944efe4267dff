// YTDLPEnvironment: the whole environment a yt-dlp child gets: PATH, HOME, LANG, the guarded proxy and
// Python's output settings, nothing inherited beyond that. Pure function; knows nothing about processes.

/// Builds yt-dlp's environment; secrets of the service (database URLs, API keys, JWT keys) never reach it.
public enum YTDLPEnvironment {
    /// The variables copied from the service's own environment when set.
    public static let inherited = ["PATH", "HOME", "LANG"]

    /// `PATH`, `HOME` and `LANG` from `parent` (PATH defaults to /usr/local/bin:/usr/bin:/bin, LANG to C.UTF-8),
    /// the proxy in `http_proxy`/`https_proxy`/`HTTP_PROXY`/`HTTPS_PROXY` (for yt-dlp's ffmpeg) when given, Python's
    /// UTF-8 unbuffered output, then `extra` (the configuration's explicit additions) on top.
    public static func make(parent: [String: String], proxy: String?, extra: [String: String] = [:]) -> [String: String] {
        var environment: [String: String] = [:]
        for name in inherited { environment[name] = parent[name] }
        environment["PATH"] = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        environment["LANG"] = environment["LANG"] ?? "C.UTF-8"
        if let proxy {
            for name in ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"] { environment[name] = proxy }
        }
        environment["PYTHONIOENCODING"] = "utf-8"
        environment["PYTHONUNBUFFERED"] = "1"
        for (key, value) in extra { environment[key] = value }
        return environment
    }
}
