// Options shared by the commands that read a manifest: cache folder, params, and loading.
// Maps manifest errors to exit code 2.
import ArgumentParser
import Foundation
import Logging
import Pipeline
import Stages

/// Options for commands that read a manifest.
struct ManifestOptions: ParsableArguments {
    @Argument(help: "The manifest file (YAML).")
    var manifest: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a manifest param.", valueName: "key=value"))
    var overrides: [String] = []

    @OptionGroup var cache: CacheOptions

    /// Loads and validates the manifest, printing every issue and exiting 2 when invalid.
    func load() throws -> Manifest {
        var parsed: [String: String] = [:]
        for o in overrides {
            guard let eq = o.firstIndex(of: "="), eq != o.startIndex else {
                throw ValidationError("--set expects key=value, got '\(o)'")
            }
            parsed[String(o[..<eq])] = String(o[o.index(after: eq)...])
        }
        return try Self.load(path: manifest, overrides: parsed)
    }

    /// Loads a manifest file, printing every issue and exiting 2 when invalid.
    static func load(path: String, overrides: [String: String] = [:]) throws -> Manifest {
        let loader = ManifestLoader(registry: Providers.registry(), overrides: overrides,
                                    limits: .commandLine(environment: ProcessInfo.processInfo.environment))
        do {
            return try loader.load(path: path)
        } catch {
            Terminal.error(error.description)
            let n = error.issues.count
            Terminal.error("\(path): \(n) error\(n == 1 ? "" : "s")")
            throw ExitCode(2)
        }
    }
}

/// The stage registry with the outside services configured from the environment.
enum Providers {
    static func registry() -> StageRegistry { StageCatalog.standard(providers: providers()) }

    static func providers() -> StageProviders {
        ServiceProviders.fromEnvironment(logger: Terminal.logger(verbose: false)) { Terminal.error("warning: configuration: \($0)") }
    }
}

/// The cache location.
struct CacheOptions: ParsableArguments {
    @Option(help: "The cache folder (default: $INTELLIMIX_CACHE_DIR, else ~/.cache/intellimix).")
    var cacheDir: String?

    /// Opens the cache.
    func open() throws -> CacheDirectory {
        let root = cacheDir ?? CacheDirectory.defaultRoot()
        do {
            return try CacheDirectory(root: root)
        } catch {
            Terminal.error("cannot open the cache folder \(root): \(error.localizedDescription)")
            throw ExitCode(2)
        }
    }
}

/// Writing to the terminal.
enum Terminal {
    /// Writes a line to standard error.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Whether a stream is a terminal.
    static func isTTY(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// A logger that writes warnings and worse to standard error.
    static func logger(verbose: Bool) -> Logger {
        var logger = Logger(label: "intellimix") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        return logger
    }

    /// Pretty JSON of an encodable value.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }
}
