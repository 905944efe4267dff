// YTDLPConfiguration: where yt-dlp lives and the limits every run gets, with defaults and environment names.
// Pure data.

/// Settings for YTDLPRunner.
public struct YTDLPConfiguration: Sendable {
    /// The executable: a path, or a name searched on PATH; default `yt-dlp` (`INTELLIMIX_YTDLP`).
    public var executable: String
    /// Passed as `--max-filesize`; default 500 MiB (`INTELLIMIX_YTDLP_MAX_FILESIZE_MB`).
    public var maxFileSizeBytes: Int64
    /// Passed as `--socket-timeout`; default 30 s (`INTELLIMIX_YTDLP_SOCKET_TIMEOUT_SECONDS`).
    public var socketTimeoutSeconds: Int
    /// Wall-clock limit of a download, after which the process group is killed; default 900 s
    /// (`INTELLIMIX_YTDLP_TIMEOUT_SECONDS`).
    public var downloadTimeout: Duration
    /// Wall-clock limit of a search or `--version`; default 60 s (`INTELLIMIX_YTDLP_SEARCH_TIMEOUT_SECONDS`).
    public var searchTimeout: Duration
    /// `--ffmpeg-location`, when ffmpeg is not on PATH; default nil (`INTELLIMIX_FFMPEG`).
    public var ffmpegLocation: String?
    /// Address policy for the URL's host (checked before yt-dlp runs) and for every connection yt-dlp and its
    /// ffmpeg make through the guarded proxy; default public only (`INTELLIMIX_FETCH_ALLOW_PRIVATE_ADDRESSES=1`
    /// allows every address: local development only).
    public var policy: AddressPolicy
    /// Extra environment for the child, added to the minimal one (`YTDLPEnvironment`); default empty.
    public var extraEnvironment: [String: String]

    /// Creates a configuration; every default is listed on its property.
    public init(
        executable: String = "yt-dlp", maxFileSizeBytes: Int64 = 500 << 20, socketTimeoutSeconds: Int = 30,
        downloadTimeout: Duration = .seconds(900), searchTimeout: Duration = .seconds(60), ffmpegLocation: String? = nil,
        policy: AddressPolicy = AddressPolicy(), extraEnvironment: [String: String] = [:]
    ) {
        self.executable = executable
        self.maxFileSizeBytes = maxFileSizeBytes
        self.socketTimeoutSeconds = socketTimeoutSeconds
        self.downloadTimeout = downloadTimeout
        self.searchTimeout = searchTimeout
        self.ffmpegLocation = ffmpegLocation
        self.policy = policy
        self.extraEnvironment = extraEnvironment
    }

    /// Reads `INTELLIMIX_YTDLP*`, `INTELLIMIX_FFMPEG` and `INTELLIMIX_FETCH_ALLOW_PRIVATE_ADDRESSES`; throws ConfigurationError.
    public init(environment: [String: String]) throws {
        let env = EnvironmentReader(environment: environment)
        self.init()
        if let path = env.string("INTELLIMIX_YTDLP") { executable = path }
        if let megabytes = try env.int("INTELLIMIX_YTDLP_MAX_FILESIZE_MB", in: 1...1_000_000) {
            maxFileSizeBytes = Int64(megabytes) << 20
        }
        if let seconds = try env.int("INTELLIMIX_YTDLP_SOCKET_TIMEOUT_SECONDS", in: 1...600) { socketTimeoutSeconds = seconds }
        if let seconds = try env.double("INTELLIMIX_YTDLP_TIMEOUT_SECONDS", in: 1...86_400) {
            downloadTimeout = .seconds(double: seconds)
        }
        if let seconds = try env.double("INTELLIMIX_YTDLP_SEARCH_TIMEOUT_SECONDS", in: 1...3600) {
            searchTimeout = .seconds(double: seconds)
        }
        if let path = env.string("INTELLIMIX_FFMPEG") { ffmpegLocation = path }
        if let allow = try env.bool("INTELLIMIX_FETCH_ALLOW_PRIVATE_ADDRESSES") { policy.allowPrivateAddresses = allow }
    }
}
