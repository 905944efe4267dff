// The web studio's files: `/` and every file the page references answer 200 with their media type, a strong ETag
// (304 on If-None-Match) and, for the page, a CSP without 'unsafe-inline'; the page has no inline code; HEAD works;
// unknown names are 404; the API's own single-segment routes are not shadowed; INTELLIMIX_WEB_DIR serves from disk.
import Foundation
import HTTPTypes
import Testing
@testable import API

@Suite("Web studio files")
struct WebAssetsTests {
    /// The local files `index.html` names (`src="/x"`, `href="/x"`) and the modules its scripts import (`from "./x.js"`).
    static func references(_ text: String) -> Set<String> {
        var out = Set<String>()
        for pattern in [#"(?:src|href)="/([a-z0-9._-]+)""#, #"from\s+["']\./([a-z0-9._-]+)["']"#, #"import\s+["']\./([a-z0-9._-]+)["']"#] {
            let regex = try! NSRegularExpression(pattern: pattern)
            for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let r = Range(m.range(at: 1), in: text) { out.insert(String(text[r])) }
            }
        }
        return out
    }

    @Test("the page and every file it uses: types, ETags, 304, HEAD, a strict CSP, no inline code, no localStorage")
    func pageAndAssets() async throws {
        let app = try await APITestApp()
        try await app.test { client in
            let page = try await client.send(.get, "/")
            #expect(page.status == 200)
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            let csp = try #require(page.header("Content-Security-Policy"))
            #expect(csp.contains("script-src 'self'") && csp.contains("style-src 'self'") && !csp.contains("unsafe-inline"), "\(csp)")
            let etag = try #require(page.header("ETag"))
            #expect(try await client.send(.get, "/", headers: ["If-None-Match": etag]).status == 304)
            let head = try await client.send(.head, "/")
            #expect(head.status == 200 && head.body.isEmpty && head.header("ETag") == etag)

            // No inline script, style, style attribute or event handler: the CSP would block them.
            let html = page.text
            #expect(html.range(of: #"<script(?![^>]*\bsrc=)[^>]*>"#, options: .regularExpression) == nil, "an inline <script>")
            #expect(!html.contains("<style") && html.range(of: #"\sstyle=""#, options: .regularExpression) == nil, "inline style")
            #expect(html.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil, "an inline event handler")

            var seen = Set<String>(), queue = Array(Self.references(html))
            #expect(!queue.isEmpty, "the page references no files")
            while let name = queue.popLast() {
                guard seen.insert(name).inserted else { continue }
                let r = try await client.send(.get, "/\(name)")
                #expect(r.status == 200, "\(name): \(r.status)")
                let type = r.header("Content-Type") ?? ""
                if name.hasSuffix(".js") {
                    #expect(type.hasPrefix("text/javascript"), "\(name): \(type)")
                    #expect(r.text.range(of: #"\blocalStorage\s*[.\[]"#, options: .regularExpression) == nil, "\(name) must keep tokens out of localStorage")
                    #expect(r.text.range(of: #"\.(inner|outer)HTML\b|insertAdjacentHTML|document\.write"#, options: .regularExpression) == nil,
                            "\(name): build the DOM with textContent")
                    #expect(r.text.range(of: #"\beval\s*\(|new Function\s*\("#, options: .regularExpression) == nil, "\(name)")
                    queue += Self.references(r.text)
                }
                if name.hasSuffix(".css") { #expect(type.hasPrefix("text/css"), "\(name): \(type)") }
                if let tag = r.header("ETag") {
                    #expect(try await client.send(.get, "/\(name)", headers: ["If-None-Match": tag]).status == 304)
                }
            }
            #expect(seen.contains { $0.hasSuffix(".js") } && seen.contains { $0.hasSuffix(".css") }, "\(seen)")

            #expect(try await client.send(.get, "/favicon.ico").status == 200)
            #expect(try await client.send(.head, "/app.css").status == 200)
            let missing = try await client.send(.get, "/no-such-file.js")
            #expect(missing.status == 404 && missing.json["code"] as? String == "NOT_FOUND")
            #expect(try await client.send(.get, "/..%2Fopenapi.yaml").status == 404)
            // The API's own single-segment routes win over the file route.
            #expect(try await client.send(.get, "/metrics").text.contains("intellimix_http_request_duration_seconds"))
        }
        await app.shutdown()
    }

    @Test("INTELLIMIX_WEB_DIR serves the folder's files as they are on disk, for editing without a rebuild")
    func liveDirectory() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("im-web-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "<!doctype html><title>one</title>".write(toFile: folder + "/index.html", atomically: true, encoding: .utf8)
        try "body{}".write(toFile: folder + "/app.css", atomically: true, encoding: .utf8)
        let app = try await APITestApp(env: ["INTELLIMIX_WEB_DIR": folder])
        try await app.test { client in
            let first = try await client.send(.get, "/")
            #expect(first.text.contains("one"))
            try "<!doctype html><title>two</title>".write(toFile: folder + "/index.html", atomically: true, encoding: .utf8)
            let second = try await client.send(.get, "/")
            #expect(second.text.contains("two") && second.header("ETag") != first.header("ETag"))
            #expect(try await client.send(.get, "/app.css").header("Content-Type") == "text/css; charset=utf-8")
        }
        await app.shutdown()
    }

    @Test("served names are plain file names: no paths, no hidden files, no upper case")
    func names() {
        for ok in ["app.js", "icon.svg", "favicon.ico", "a-b_c.css"] { #expect(WebAssets.isServableName(ok), "\(ok)") }
        for bad in ["", ".env", "../x", "a/b", "A.js", "x%2f", String(repeating: "a", count: 101)] { #expect(!WebAssets.isServableName(bad), "\(bad)") }
    }
}
