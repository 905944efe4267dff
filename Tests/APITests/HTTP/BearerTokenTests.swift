// Reading the bearer token of a request's Authorization header.
import HTTPTypes
import Hummingbird
import NIOCore
import Testing
@testable import API

@Suite("Bearer token")
struct BearerTokenTests {
    private func token(_ header: String?) -> String? {
        var fields = HTTPFields()
        if let header { fields[.authorization] = header }
        let request = Request(head: HTTPRequest(method: .get, scheme: "http", authority: "x", path: "/", headerFields: fields),
                              body: RequestBody(buffer: ByteBuffer()))
        return APIServices.bearer(request)
    }

    @Test("the scheme in any case, blanks around the token trimmed; anything else is no token")
    func parsing() {
        #expect(token("Bearer abc.def") == "abc.def")
        #expect(token("bearer abc") == "abc")
        #expect(token("BEARER   abc \t") == "abc")
        #expect(token("Bearer  ") == nil)
        #expect(token("Bearer") == nil)
        #expect(token("Basic abc") == nil)
        #expect(token("Bearerx abc") == nil)
        #expect(token("Bearer a b") == "a b")
        #expect(token(nil) == nil)
    }
}
