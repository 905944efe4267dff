// The composition root: from configuration to an open, migrated store, the route services, and
// the workers. `intellimix serve`, `worker` and `migrate` and the tests all start here.
import Foundation
import Logging
import Pipeline
import Services
import Stages

/// Wiring for the server and the workers.
public enum APIRuntime {
    /// Opens the configured database (SQLite file or PostgreSQL) and applies pending migrations.
    public static func openStore(_ config: AppConfig, logger: Logger, migrate: Bool = true) async throws -> any AppStore {
        let store: any AppStore
        if config.usesPostgres {
            store = try PostgresStore(url: config.databaseURL, logger: logger)
        } else {
            let path = config.sqlitePath ?? (config.storageRoot + "/intellimix.sqlite3")
            store = try SQLiteStore(path: path)
        }
        if migrate {
            do { try await store.migrate() } catch {
                await store.close()
                throw error
            }
        }
        return store
    }

    /// The shared route services.
    public static func services(_ config: AppConfig, store: any AppStore, metrics: ServiceMetrics, logger: Logger) async throws -> APIServices {
        let tokens = try await TokenService(secret: config.jwtSecret, accessTokenLifetime: .seconds(config.accessTokenMinutes * 60),
                                            refreshTokenLifetime: .seconds(config.refreshTokenDays * 86_400), allowWeak: config.allowInsecureSecret)
        let cache = config.authCacheSize == 0 ? nil : AuthCache(capacity: config.authCacheSize) { try await store.authEpoch() }
        let auth = AuthService(store: store, hasher: PasswordHasher(cost: UInt8(config.bcryptCost)), tokens: tokens, logger: logger,
                               cache: cache)
        let fetchConfig = (try? FetcherConfiguration(environment: config.variables)) ?? FetcherConfiguration()
        let paths = JobPaths(root: config.storageRoot, cacheRoot: config.cacheRoot)
        return APIServices(config: config, store: store, auth: auth, limiter: RateLimiter(), signer: FileURLSigner(secret: config.jwtSecret),
                           metrics: metrics, paths: paths, registry: StageCatalog.standard(environment: config.variables),
                           policy: ManifestPolicy(urlGuard: URLGuard(policy: fetchConfig.policy)), logger: logger)
    }

    /// The environment workers run jobs with: the stage cache under the storage folder and providers from the variables.
    public static func workerEnvironment(_ config: AppConfig, store: any AppStore, metrics: ServiceMetrics, logger: Logger,
                                         providers: StageProviders? = nil) throws -> WorkerEnvironment {
        let cache = try CacheDirectory(root: config.cacheRoot)
        let p = providers ?? ServiceProviders.fromEnvironment(config.variables, logger: logger) { logger.warning("configuration: \($0)") }
        var environment = WorkerEnvironment(store: store, paths: JobPaths(root: config.storageRoot, cacheRoot: config.cacheRoot), cache: cache,
                                            providers: p, variables: config.variables, leaseSeconds: config.leaseSeconds, metrics: metrics, logger: logger)
        environment.maxStageInstances = config.maxStageInstances
        environment.cacheCollection = CacheCollectionService(cache: cache, maxSize: config.cacheMaxSize, logger: logger)
        environment.maxOutputBytes = config.maxOutputBytes
        environment.sourceBounds = SourceBounds(maxInputSeconds: config.maxJobInputSeconds, maxSampleRate: config.maxSampleRate,
                                                maxChannels: config.maxChannels)
        return environment
    }

    /// `count` workers sharing one environment.
    public static func workers(_ count: Int, environment: WorkerEnvironment) -> [WorkerService] {
        (0..<count).map { WorkerService(executor: JobExecutor(environment: environment), workerId: WorkerService.makeId(index: $0)) }
    }
}
