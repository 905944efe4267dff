// Parses a libpq-style connection URL (postgres://user:password@host:port/database?sslmode=...) into a client
// configuration. It only reads text; it never connects.
import Foundation
import PostgresNIO

/// The parts of a `postgres://` or `postgresql://` URL that PostgresStore uses.
struct PostgresURL: Sendable, Equatable {
    /// How TLS is negotiated, as libpq's `sslmode` names it.
    enum SSLMode: String, Sendable, Equatable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, without certificate checks (libpq's default).
        case prefer
        /// TLS or no connection, without certificate checks.
        case require
        /// TLS with a trusted certificate chain, any host name.
        case verifyCA = "verify-ca"
        /// TLS with a trusted certificate chain for this host name.
        case verifyFull = "verify-full"
    }

    /// Server host name or address.
    var host: String
    /// Server port; 5432 when the URL has none.
    var port: Int
    /// Role to log in as.
    var username: String
    /// Its password, if any.
    var password: String?
    /// Database name; the server picks one named after the user when nil.
    var database: String?
    /// TLS negotiation; `prefer` when the URL has none.
    var sslMode: SSLMode

    /// Parses `text`; throws `StoreError.unavailable` (never quoting the password) when it is not a usable URL.
    init(_ text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "postgres" || scheme == "postgresql"
        else {
            throw StoreError.unavailable("the database URL must look like postgres://user:password@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError.unavailable("the database URL has no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError.unavailable("the database URL has no user name")
        }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = components.port ?? 5432
        self.username = user
        self.password = components.password
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? nil : path
        self.sslMode = .prefer
        for item in components.queryItems ?? [] where item.name == "sslmode" {
            guard let value = item.value, let mode = SSLMode(rawValue: value) else {
                throw StoreError.unavailable("unsupported sslmode '\(item.value ?? "")' (use disable, prefer, require, verify-ca or verify-full)")
            }
            self.sslMode = mode
        }
    }

    /// A client configuration for this URL, with postgres-nio's default options.
    func configuration() -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case .disable:
            tls = .disable
        case .prefer:
            tls = .prefer(Self.tlsConfiguration(verification: .none))
        case .require:
            tls = .require(Self.tlsConfiguration(verification: .none))
        case .verifyCA:
            tls = .require(Self.tlsConfiguration(verification: .noHostnameVerification))
        case .verifyFull:
            tls = .require(Self.tlsConfiguration(verification: .fullVerification))
        }
        return PostgresClient.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls)
    }

    private static func tlsConfiguration(verification: CertificateVerification) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = verification
        return configuration
    }
}
