// A request with a method no route declares on a path that exists is answered 405 METHOD_NOT_ALLOWED with
// `Allow` (RouteTable's middleware); an unknown path stays 404.
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import API

@Suite("Method not allowed")
struct MethodNotAllowedTests {
    @Test func undeclaredMethodOnAKnownPathIs405WithAllow() async throws {
        let app = try await APITestApp()
        do {
            try await app.test { client in
                let trace = try await client.execute(uri: "/api/v1/health", method: .trace)
                #expect(trace.status == .methodNotAllowed)
                #expect(trace.headers[.allow] == "GET")
                let body = try JSON(data: Data(trace.body.readableBytesView))
                #expect(body["code"]?.string == "METHOD_NOT_ALLOWED")

                // A templated path: the methods of every template it matches.
                let put = try await client.execute(uri: "/api/v1/history/\(UUID().uuidString.lowercased())", method: .put)
                #expect(put.status == .methodNotAllowed)
                let allowed = Set((put.headers[.allow] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                #expect(allowed.contains("GET") && allowed.contains("DELETE"), "Allow: \(put.headers[.allow] ?? "none")")

                // Unknown paths and declared methods are untouched.
                let unknown = try await client.execute(uri: "/api/v1/no-such-route", method: .trace)
                #expect(unknown.status == .notFound)
                #expect(unknown.headers[.allow] == nil)
                let health = try await client.execute(uri: "/api/v1/health", method: .get)
                #expect(health.status == .ok)
            }
        } catch {
            await app.shutdown()
            throw error
        }
        await app.shutdown()
    }
}
