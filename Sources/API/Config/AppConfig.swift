// The service's configuration, read from environment variables (the original's names where the
// meaning carries over). Validation is pure; `check()` enforces the production rules.
import Foundation

/// Where jobs, uploads, the cache and the embedded database live, and how the service behaves.
public struct AppConfig: Sendable {
    /// `development` or `production`.
    public var environment: String
    /// The HMAC secret for JWTs and signed file URLs.
    public var jwtSecret: String
    /// Whether `jwtSecret` was generated because none was configured.
    public var jwtSecretGenerated: Bool
    /// `sqlite:///path` or `postgres://...`.
    public var databaseURL: String
    /// Root of jobs, uploads and (by default) the cache and the SQLite database.
    public var storageRoot: String
    /// The stage cache folder.
    public var cacheRoot: String
    /// Address to listen on.
    public var host: String
    /// Port to listen on.
    public var port: Int
    /// The browser origin allowed by CORS, if any.
    public var frontendOrigin: String?
    /// Access-token lifetime in minutes.
    public var accessTokenMinutes: Int
    /// Refresh-token lifetime in days.
    public var refreshTokenDays: Int
    /// Largest upload (and multipart body) in bytes.
    public var maxUploadBytes: Int
    /// Largest JSON or YAML body in bytes.
    public var maxBodyBytes: Int
    /// bcrypt cost.
    public var bcryptCost: Int
    /// Jobs a user may have queued or running at once.
    public var maxJobsInFlight: Int
    /// Attempts a job gets before it fails for good.
    public var jobMaxAttempts: Int
    /// Seconds a worker's lease lasts without a heartbeat.
    public var leaseSeconds: Double
    /// Login and register attempts allowed per IP address per minute.
    public var authRateLimitPerIP: Int
    /// Login attempts allowed per e-mail address per minute.
    public var authRateLimitPerEmail: Int
    /// Lifetime of signed file URLs in seconds.
    public var signedURLSeconds: Int
    /// Event streams (`/api/v1/jobs/:id/events`) one user may hold open at once (`MAX_SSE_STREAMS_PER_USER`; default 4).
    public var maxStreamsPerUser: Int
    /// A separate port for `/metrics` (`METRICS_PORT`; default none, or 0: served on the main port).
    public var metricsPort: Int?
    /// The address the metrics port listens on (`METRICS_HOST`; default 127.0.0.1).
    public var metricsHost: String
    /// One in this many ordinary requests gets an info access-log line (`REQUEST_LOG_SAMPLE`; default 100; 1 logs every
    /// one). Errors (status 400 and up) and slow requests (over 1 s) are always logged; at debug level, every request.
    public var requestLogSample: Int
    /// Verified access tokens each API process keeps (`AUTH_CACHE_SIZE`; default 10,000; 0 turns the cache off).
    public var authCacheSize: Int
    /// A bearer token `/metrics` requires (`METRICS_TOKEN`; default none: open).
    public var metricsToken: String?
    /// Proxies whose `X-Forwarded-For` names the client (`TRUSTED_PROXIES`; default none).
    public var trustedProxies: TrustedProxies
    /// Whether a `JWT_SECRET_KEY` under 32 bytes is accepted (`ALLOW_INSECURE_SECRET=true`, for tests; default false).
    public var allowInsecureSecret: Bool
    /// Stage instances a manifest may expand to (`MAX_STAGE_INSTANCES`; default 2,000).
    public var maxStageInstances: Int
    /// Time one manifest's validation may take before 422 `MANIFEST_TOO_COMPLEX` (`MANIFEST_VALIDATION_MS`; default 2,000 ms).
    public var manifestValidationBudget: Duration
    /// Seconds graceful shutdown may take before in-flight work is abandoned (`SHUTDOWN_TIMEOUT_SECONDS`; default 30).
    public var shutdownTimeoutSeconds: Int
    /// Seconds of input audio one job may decode in total (`MAX_JOB_INPUT_SECONDS`; default 7,200: 2 h).
    public var maxJobInputSeconds: Int
    /// The highest working sample rate a job may use, in Hz (`MAX_SAMPLE_RATE`; default 96,000).
    public var maxSampleRate: Int
    /// The most working channels a job may use (`MAX_CHANNELS`; default 2).
    public var maxChannels: Int
    /// The size workers keep the stage cache under, in bytes (`CACHE_MAX_SIZE`, such as `20G`; default 20 GiB).
    public var cacheMaxSize: Int64
    /// The bytes one user's uploads and job outputs may take (`USER_QUOTA_MB`; default 2,048: 2 GiB).
    public var userQuotaBytes: Int64
    /// The bytes one job's output files may take together (`MAX_OUTPUT_MB`; default 1,024: 1 GiB).
    public var maxOutputBytes: Int64
    /// Every variable, for the stage providers (LLM, lyrics, yt-dlp settings).
    public var variables: [String: String]

    /// Whether this is a production deployment.
    public var isProduction: Bool { environment == "production" }
    /// Whether the database is PostgreSQL.
    public var usesPostgres: Bool { databaseURL.hasPrefix("postgres://") || databaseURL.hasPrefix("postgresql://") }
    /// The SQLite file, when the database is SQLite.
    public var sqlitePath: String? {
        guard !usesPostgres else { return nil }
        for prefix in ["sqlite:///", "sqlite://"] where databaseURL.hasPrefix(prefix) {
            let rest = String(databaseURL.dropFirst(prefix.count))
            return prefix == "sqlite:///" ? "/" + rest : rest
        }
        if databaseURL.hasPrefix("sqlite:") { return String(databaseURL.dropFirst(7)) }
        return databaseURL
    }

    /// Reads the configuration; malformed numbers are errors, missing ones take defaults.
    public init(environment env: [String: String]) throws(ConfigError) {
        func int(_ key: String, _ def: Int, _ range: ClosedRange<Int>) throws(ConfigError) -> Int {
            guard let raw = env[key]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return def }
            guard let v = Int(raw), range.contains(v) else {
                throw ConfigError("\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(raw)'")
            }
            return v
        }
        variables = env
        environment = (env["APP_ENV"] ?? env["FLASK_ENV"] ?? "development").lowercased()
        storageRoot = URL(fileURLWithPath: env["STORAGE_ROOT"] ?? "storage").standardizedFileURL.path
        cacheRoot = env["INTELLIMIX_CACHE_DIR"] ?? (storageRoot + "/cache")
        databaseURL = env["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "sqlite:///" + String((storageRoot + "/intellimix.sqlite3").drop { $0 == "/" })
        host = env["HOST"] ?? "127.0.0.1"
        port = try int("PORT", 5000, 0...65535)
        frontendOrigin = env["FRONTEND_ORIGIN"].flatMap { $0.isEmpty ? nil : $0 }
        accessTokenMinutes = try int("JWT_ACCESS_TOKEN_MINUTES", 30, 1...1440)
        refreshTokenDays = try int("JWT_REFRESH_TOKEN_DAYS", 30, 1...365)
        maxUploadBytes = try int("MAX_UPLOAD_SIZE_MB", 50, 1...2048) * 1024 * 1024
        maxBodyBytes = try int("MAX_BODY_SIZE_KB", 256, 1...16384) * 1024
        bcryptCost = try int("BCRYPT_COST", 12, 4...16)
        maxJobsInFlight = try int("MAX_JOBS_IN_FLIGHT", 5, 1...1000)
        jobMaxAttempts = try int("JOB_MAX_ATTEMPTS", 3, 1...20)
        leaseSeconds = Double(try int("JOB_LEASE_SECONDS", 30, 2...3600))
        authRateLimitPerIP = try int("AUTH_RATE_LIMIT_PER_IP", 20, 1...100_000)
        authRateLimitPerEmail = try int("AUTH_RATE_LIMIT_PER_EMAIL", 10, 1...100_000)
        signedURLSeconds = try int("SIGNED_URL_SECONDS", 300, 10...86_400)
        maxStageInstances = try int("MAX_STAGE_INSTANCES", 2_000, 1...1_000_000)
        manifestValidationBudget = .milliseconds(try int("MANIFEST_VALIDATION_MS", 2_000, 10...600_000))
        shutdownTimeoutSeconds = try int("SHUTDOWN_TIMEOUT_SECONDS", 30, 1...86_400)
        maxJobInputSeconds = try int("MAX_JOB_INPUT_SECONDS", 7_200, 1...10_000_000)
        maxSampleRate = try int("MAX_SAMPLE_RATE", 96_000, 8_000...192_000)
        maxChannels = try int("MAX_CHANNELS", 2, 1...8)
        let cacheSize = env["CACHE_MAX_SIZE"].flatMap { $0.isEmpty ? nil : $0 } ?? "20G"
        guard let cacheBytes = CacheCollectionService.parseSize(cacheSize) else {
            throw ConfigError("CACHE_MAX_SIZE must be a size such as 500M or 20G, got '\(cacheSize)'")
        }
        cacheMaxSize = cacheBytes
        userQuotaBytes = Int64(try int("USER_QUOTA_MB", 2_048, 1...100_000_000)) * 1_048_576
        maxOutputBytes = Int64(try int("MAX_OUTPUT_MB", 1_024, 1...100_000_000)) * 1_048_576
        maxStreamsPerUser = try int("MAX_SSE_STREAMS_PER_USER", 4, 1...1000)
        requestLogSample = try int("REQUEST_LOG_SAMPLE", 100, 1...1_000_000)
        authCacheSize = try int("AUTH_CACHE_SIZE", 10_000, 0...10_000_000)
        let metrics = try int("METRICS_PORT", 0, 0...65535)
        metricsPort = metrics == 0 ? nil : metrics
        metricsHost = env["METRICS_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        metricsToken = env["METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        trustedProxies = try TrustedProxies(parsing: env["TRUSTED_PROXIES"] ?? "")
        allowInsecureSecret = ["true", "1", "yes"].contains((env["ALLOW_INSECURE_SECRET"] ?? "").lowercased())
        if let secret = env["JWT_SECRET_KEY"], !secret.isEmpty {
            jwtSecret = secret
            jwtSecretGenerated = false
        } else {
            jwtSecret = ""
            jwtSecretGenerated = true
        }
    }

    /// Refuses unsafe settings: in every environment a configured `JWT_SECRET_KEY` under 32 bytes (unless
    /// `ALLOW_INSECURE_SECRET=true`); in production also a missing or well-known secret, or a database other than PostgreSQL.
    public func check() throws(ConfigError) {
        if !jwtSecretGenerated, jwtSecret.utf8.count < 32, !allowInsecureSecret {
            throw ConfigError("JWT_SECRET_KEY is \(jwtSecret.utf8.count) bytes; at least 32 are required (ALLOW_INSECURE_SECRET=true allows it, for tests only)")
        }
        guard isProduction else { return }
        let weak = ["secret", "changeme", "change-me", "dev", "development", "jwt-secret", "your-secret-key"]
        if jwtSecretGenerated || jwtSecret.utf8.count < 32 || weak.contains(jwtSecret.lowercased()) {
            throw ConfigError("APP_ENV=production needs JWT_SECRET_KEY: a random secret of at least 32 characters")
        }
        if !usesPostgres {
            throw ConfigError("APP_ENV=production needs DATABASE_URL to be a postgres:// URL (SQLite is for single-machine use)")
        }
    }

    /// Fills `jwtSecret` when none was configured (development): a random secret kept in `STORAGE_ROOT/secrets/jwt.key`, so
    /// tokens survive restarts.
    public mutating func ensureSecret() throws {
        guard jwtSecretGenerated, jwtSecret.isEmpty else { return }
        let dir = storageRoot + "/secrets"
        let file = dir + "/jwt.key"
        if let data = FileManager.default.contents(atPath: file), let s = String(data: data, encoding: .utf8), s.utf8.count >= 32 {
            jwtSecret = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var bytes = [UInt8](repeating: 0, count: 48)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        let secret = Data(bytes).base64EncodedString()
        let tmp = file + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigError("cannot write \(tmp)")
        }
        if rename(tmp, file) != 0 { throw ConfigError("cannot write \(file)") }
        jwtSecret = secret
    }
}

/// A configuration problem, worded for the operator.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
