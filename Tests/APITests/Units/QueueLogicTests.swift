// The pure parts of the job service: progress folding, retry decisions, Prefer parsing, byte
// ranges, file-name safety and message sanitising.
import Foundation
import Pipeline
import Testing
@testable import API

@Suite("Job service logic")
struct QueueLogicTests {
    @Test("render events fold into stage rows and an overall progress")
    func progress() {
        var p = JobProgress()
        let stages = ["a", "b"].map { StageInstance(id: $0, declarationId: $0, kind: "cut", index: nil, settings: [:], inputs: [],
                                                    location: SourceLocation(file: "m", line: 1, column: 1), settingLocations: [:]) }
        p.apply(.planned(stages))
        #expect(p.stages.map(\.status) == ["pending", "pending"])
        #expect(p.overall == 0 && p.stateChanged)
        p.markSaved()
        p.apply(.progress("a", 0.5))
        #expect(p.dirty && !p.stateChanged)
        #expect(p.stages[0].status == "running")
        #expect(p.overall == 0.25)
        p.apply(.finished(StageReport(id: "a", kind: "cut", status: .cached, seconds: 0, key: nil, outputs: [:], metadata: [:],
                                      published: nil, errorCode: nil, error: nil)))
        p.apply(.finished(StageReport(id: "b", kind: "cut", status: .failed, seconds: 1, key: nil, outputs: [:], metadata: [:],
                                      published: nil, errorCode: "BAD_AUDIO", error: "at /srv/storage/x")))
        #expect(p.overall == 1)
        #expect(p.stages[1].errorCode == "BAD_AUDIO")
        let paths = JobPaths(root: "/srv/storage", cacheRoot: "/srv/storage/cache")
        var q = JobProgress()
        q.apply(.planned(stages))
        q.apply(.finished(StageReport(id: "b", kind: "cut", status: .failed, seconds: 1, key: nil, outputs: [:], metadata: [:],
                                      published: nil, errorCode: "X", error: "read /srv/storage/cache/blobs/ab failed")), sanitize: paths.sanitize)
        #expect(q.stages[1].errorMessage == "read <cache>/blobs/ab failed")
    }

    @Test("transient codes retry with exponential backoff honouring Retry-After; others fail at once")
    func retry() {
        let r = RetryPolicy()
        #expect(r.retryDelay(code: "NETWORK_ERROR", failures: 0, maxAttempts: 3) == 5)
        #expect(r.retryDelay(code: "NETWORK_ERROR", failures: 1, maxAttempts: 3) == 10)
        #expect(r.retryDelay(code: "NETWORK_ERROR", failures: 2, maxAttempts: 3) == nil)
        #expect(r.retryDelay(code: "AI_TEMPORARILY_UNAVAILABLE", failures: 0, maxAttempts: 3, retryAfter: 40) == 40)
        #expect(r.retryDelay(code: "BAD_AUDIO", failures: 0, maxAttempts: 3) == nil)
        #expect(r.retryDelay(code: "AI_RATE_LIMITED", failures: 0, maxAttempts: 3) == nil)
        #expect(r.retryDelay(code: "TIMEOUT", failures: 10, maxAttempts: 20) == 300)
    }

    @Test("Prefer: wait=N is read per RFC 7240 and capped")
    func prefer() {
        #expect(JobSubmitter.preferredWait("wait=10") == 10)
        #expect(JobSubmitter.preferredWait("respond-async, wait=5") == 5)
        #expect(JobSubmitter.preferredWait("WAIT=\"7\"") == 7)
        #expect(JobSubmitter.preferredWait("wait=100000") == 300)
        #expect(JobSubmitter.preferredWait("wait=-1") == nil)
        #expect(JobSubmitter.preferredWait("respond-async") == nil)
        #expect(JobSubmitter.preferredWait(nil) == nil)
    }

    @Test("byte ranges: first-last, open-ended and suffix; unsatisfiable or multiple ranges refused")
    func ranges() {
        #expect(FileRoutes.byteRange("bytes=0-99", size: 1000) == 0...99)
        #expect(FileRoutes.byteRange("bytes=900-", size: 1000) == 900...999)
        #expect(FileRoutes.byteRange("bytes=-100", size: 1000) == 900...999)
        #expect(FileRoutes.byteRange("bytes=-5000", size: 1000) == 0...999)
        #expect(FileRoutes.byteRange("bytes=990-5000", size: 1000) == 990...999)
        #expect(FileRoutes.byteRange("bytes=1000-", size: 1000) == nil)
        #expect(FileRoutes.byteRange("bytes=5-1", size: 1000) == nil)
        #expect(FileRoutes.byteRange("bytes=0-1,5-9", size: 1000) == nil)
        #expect(FileRoutes.byteRange("items=0-1", size: 1000) == nil)
    }

    @Test("file names stay inside the job folder")
    func fileNames() {
        for ok in ["mix.mp3", "two-uploads.flac", "a b.mp3"] { #expect(JobPaths.isSafeFileName(ok)) }
        for bad in ["", "..", "../x", "a/b", ".hidden", "a\\b", "a\u{0}b", "a\nb", String(repeating: "x", count: 300)] {
            #expect(!JobPaths.isSafeFileName(bad), "\(bad)")
        }
        let paths = JobPaths(root: "/s", cacheRoot: "/s/cache")
        #expect(paths.jobFile(UUID(), name: "../../etc/passwd") == nil)
    }

    @Test("failed jobs map to HTTP statuses by code")
    func statuses() {
        #expect(JobSubmitter.status(forFailure: "AI_RATE_LIMITED") == 429)
        #expect(JobSubmitter.status(forFailure: "AI_KEY_MISSING") == 503)
        #expect(JobSubmitter.status(forFailure: "VIDEO_UNAVAILABLE") == 422)
        #expect(JobSubmitter.status(forFailure: "INTERNAL") == 500)
    }
}
