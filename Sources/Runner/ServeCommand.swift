// `intellimix serve` (the HTTP API plus embedded workers), `intellimix worker` (workers only) and
// `intellimix migrate`: each reads the configuration from the environment and an optional .env.
import API
import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// Options every service command shares.
struct ServiceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A .env file read under the environment (the environment wins).", valueName: "file"))
    var envFile: String = ".env"

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"

    /// The configuration, checked; exits 2 with the reason when invalid.
    func config() throws -> AppConfig {
        do {
            var config = try AppConfig(environment: DotEnv.environment(file: envFile))
            try config.check()
            try config.ensureSecret()
            return config
        } catch let e as ConfigError {
            Terminal.error("configuration: \(e.description)")
            throw ExitCode(2)
        }
    }

    /// A logger writing structured lines to standard error.
    func logger(_ label: String) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        return logger
    }

    /// Opens and migrates the store, exiting 1 with a clear message when the database is unreachable.
    func store(_ config: AppConfig, logger: Logger) async throws -> any AppStore {
        do {
            return try await APIRuntime.openStore(config, logger: logger)
        } catch {
            Terminal.error("cannot open the database (\(config.usesPostgres ? "PostgreSQL" : "SQLite")): \(error)")
            throw ExitCode(1)
        }
    }
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTP API with embedded queue workers.")

    @OptionGroup var service: ServiceOptions

    @Option(help: "Embedded workers (0 for none: run `intellimix worker` elsewhere).")
    var workers: Int = 1

    @Option(help: "Port (default: $PORT, else 5000).")
    var port: Int?

    func validate() throws {
        guard (0...64).contains(workers) else { throw ValidationError("--workers must be from 0 to 64") }
    }

    func run() async throws {
        let config = try service.config()
        let logger = service.logger("intellimix.api")
        let store = try await service.store(config, logger: logger)
        let metrics = ServiceMetrics()
        let services = try await APIRuntime.services(config, store: store, metrics: metrics, logger: logger)
        let environment = try APIRuntime.workerEnvironment(config, store: store, metrics: metrics, logger: service.logger("intellimix.worker"))
        var all: [any Service] = [APIApplication.make(services, port: port), MaintenanceService(store: store, logger: logger)]
        all += APIRuntime.workers(workers, environment: environment) as [any Service]
        // Last, so it is the first to hear of shutdown and starts the countdown at once.
        all.append(ShutdownDeadline(timeout: .seconds(config.shutdownTimeoutSeconds), logger: logger))
        let group = ServiceGroup(configuration: .init(services: all, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info("IntelliMix API listening", metadata: ["address": "\(config.host):\(port ?? config.port)", "workers": "\(workers)",
                                                           "database": "\(config.usesPostgres ? "postgres" : "sqlite")"])
        try await group.run()
        await store.close()
    }
}

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run queue workers only (they share the database and the storage folder with the API).")

    @OptionGroup var service: ServiceOptions

    @Option(help: "Workers in this process.")
    var workers: Int = 1

    func validate() throws {
        guard (1...64).contains(workers) else { throw ValidationError("--workers must be from 1 to 64") }
    }

    func run() async throws {
        let config = try service.config()
        let logger = service.logger("intellimix.worker")
        let store = try await service.store(config, logger: logger)
        let environment = try APIRuntime.workerEnvironment(config, store: store, metrics: ServiceMetrics(), logger: logger)
        let services = APIRuntime.workers(workers, environment: environment) as [any Service]
            + [ShutdownDeadline(timeout: .seconds(config.shutdownTimeoutSeconds), logger: logger)]
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info("workers started", metadata: ["count": "\(workers)", "database": "\(config.usesPostgres ? "postgres" : "sqlite")"])
        try await group.run()
        await store.close()
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply pending database migrations and print the schema version.")

    @OptionGroup var service: ServiceOptions

    func run() async throws {
        let config = try service.config()
        let logger = service.logger("intellimix.migrate")
        let store: any AppStore
        do {
            store = try await APIRuntime.openStore(config, logger: logger, migrate: false)
            let applied = try await store.migrate()
            let version = try await store.schemaVersion()
            print(applied.isEmpty ? "schema is up to date (version \(version))" : "applied \(applied.map(String.init).joined(separator: ", ")); schema version \(version)")
            await store.close()
        } catch let e as ExitCode { throw e } catch {
            Terminal.error("migration failed: \(error)")
            throw ExitCode(1)
        }
    }
}
