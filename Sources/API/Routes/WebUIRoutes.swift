// The web studio's static files (WebAssets): `/` is index.html, `/<name>` any other file of the folder, for GET and HEAD,
// with a strong ETag (304 on If-None-Match), `Cache-Control: no-cache` and, for the page, a strict content security policy
// without 'unsafe-inline'.
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The web UI routes.
public struct WebUIRoutes: Sendable {
    /// The files served.
    public let assets: WebAssets

    /// Creates the routes over `assets`.
    public init(assets: WebAssets = WebAssets()) { self.assets = assets }

    /// Registers `/` and `/{asset}` for GET and HEAD.
    public func register(in table: RouteTable<AppRequestContext>) {
        let assets = self.assets
        for method in [HTTPRequest.Method.get, .head] {
            table.on(method, "/") { request, _ in
                guard let page = assets.asset("index.html") else { throw APIError(404, "NOT_FOUND", "the web studio is not installed") }
                return Self.response(page, request: request)
            }
            table.on(method, "/:asset") { request, context in
                let name = context.parameters.get("asset") ?? ""
                // `favicon.ico` is asked for by browsers on their own; the studio's icon answers it.
                guard let asset = assets.asset(name) ?? (name == "favicon.ico" ? assets.asset("icon.svg") : nil) else {
                    throw APIError(404, "NOT_FOUND", "no such file")
                }
                return Self.response(asset, request: request)
            }
        }
    }

    /// 200 with the bytes (none for HEAD), or 304 when the client's ETag matches.
    static func response(_ asset: WebAssets.Asset, request: Request) -> Response {
        var headers: HTTPFields = [:]
        headers[.contentType] = asset.contentType
        headers[.eTag] = asset.etag
        headers[.cacheControl] = "no-cache"
        if asset.contentType.hasPrefix("text/html") { headers[.contentSecurityPolicy] = WebAssets.contentSecurityPolicy }
        if let tags = request.headers[.ifNoneMatch], tags.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == asset.etag || $0.trimmingCharacters(in: .whitespaces) == "*" }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(asset.data.count)
        let body = request.method == .head ? ByteBuffer() : ByteBuffer(bytes: asset.data)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}
