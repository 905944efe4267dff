// The hand-written JSON of hot answers parses to exactly what JSONEncoder writes.
import Foundation
import Testing
@testable import API

@Suite("JSON object writer")
struct JSONObjectWriterTests {
    private static let tricky = ["plain", "", "quote \" and back\\slash", "a/b", "line\nbreak\r\ttab", "\u{0}\u{1}\u{1F}\u{7F}",
                                 "Ünïcödé ✓ 🎧", "\u{2028}\u{2029}", "</script>"]

    @Test("strings of every awkward kind round-trip through a JSON parser", arguments: tricky)
    func strings(_ value: String) throws {
        var o = JSONObjectWriter()
        o.add("s", string: value)
        o.add(value, int: -42)
        o.add("b", bool: true)
        var outer = JSONObjectWriter()
        outer.add("inner", object: o)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(outer.finished())) as? [String: Any])
        let inner = try #require(parsed["inner"] as? [String: Any])
        #expect(inner["s"] as? String == value)
        #expect(inner[value] as? Int == -42)
        #expect(inner["b"] as? Bool == true)
    }

    @Test("the signed-in user and an error body match JSONEncoder's output")
    func matchesEncoder() throws {
        let user = UserRecord(name: "Zoë \"Z\" \\ 🎧", email: "zoe@example.com", passwordHash: "x", isActive: true,
                              createdAt: Date(timeIntervalSince1970: 1_764_547_200.123))
        let view = AuthRoutes.UserView(user)
        var byHand = JSONObjectWriter()
        byHand.add("user", object: view.jsonObject)
        let encoded = try APIResponse.encoder().encode(["user": view])
        #expect(try parsed(Data(byHand.finished())) == parsed(encoded))

        let error = APIError(429, "RATE_LIMITED", "slow \"down\"\n", retryAfterSeconds: 7)
        let expected = try APIResponse.encoder().encode(APIResponse.ErrorBody(
            error: error.message, code: error.code, message: error.message, retry_after_seconds: 7, details: nil, request_id: "req-1"))
        #expect(try parsed(Data(APIResponse.errorJSON(error, requestId: "req-1"))) == parsed(expected))
        let plain = APIError(404, "NOT_FOUND", "no such route")
        let expectedPlain = try APIResponse.encoder().encode(APIResponse.ErrorBody(
            error: plain.message, code: plain.code, message: plain.message, retry_after_seconds: nil, details: nil, request_id: nil))
        #expect(try parsed(Data(APIResponse.errorJSON(plain, requestId: nil))) == parsed(expectedPlain))
    }

    @Test("job views and a history page written by hand parse to what JSONEncoder writes, for jobs in every state")
    func jobViewsMatchEncoder() throws {
        let signer = FileURLSigner(secret: String(repeating: "s", count: 40))
        let user = UUID(), now = Date(timeIntervalSince1970: 1_764_547_200.5)
        var queued = StoreTestData.job(userId: user)
        queued.failures = 1
        queued.runAfter = now.addingTimeInterval(30)
        var failed = StoreTestData.job(userId: user, type: "audio_mix")
        failed.status = .failed
        failed.errorCode = "FETCH_FAILED"
        failed.errorMessage = "could not \"fetch\"\n"
        failed.retryAfterSeconds = 12
        failed.input = #"{"clips":[{"url":"https://example.com/a.mp3","start":1.5,"end":30}],"crossfade":0.333,"x":null,"ok":true}"#
        var done = StoreTestData.job(userId: user)
        done.status = .succeeded
        done.progress = 1
        done.outputs = ["mix one.mp3", "ünï/code.wav"]
        done.parentId = UUID()
        done.startedAt = now
        done.completedAt = now.addingTimeInterval(2.25)
        done.input = "not json"
        let stages = [
            StageRunRecord(stageId: "a", kind: "cut", position: 0, status: "cached", progress: 1, seconds: 0.125),
            StageRunRecord(stageId: "b", kind: "plan", position: 1, status: "failed", progress: 0.5, seconds: 3,
                           errorCode: "PLAN_INVALID", errorMessage: "bad", metadata: #"{"order":[2,1],"cuts":[{"start":0.5}],"n":1e-7}"#),
        ]
        var views = [queued, failed, done].map { JobView($0, stages: nil, signer: signer, urlLifetime: 300, now: now, eventsURL: false) }
        views.append(JobView(done, stages: stages, signer: signer, urlLifetime: 300, now: now))
        for view in views {
            #expect(try parsed(Data(view.jsonObject.finished())) == parsed(APIResponse.encoder().encode(view)))
        }
        let page = HistoryRoutes.Page(items: views, page: 1, limit: 20, total: 4, pages: 1)
        #expect(try parsed(Data(page.jsonObject.finished())) == parsed(APIResponse.encoder().encode(page)))
    }

    private func parsed(_ data: Data) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }
}
