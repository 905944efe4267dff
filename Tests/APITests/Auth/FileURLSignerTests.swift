// FileURLSigner: round trip, binding to user, job and file name, tampering, expiry and key separation.
// URLs are taken apart with URLComponents the way a router would.
import Crypto
import Foundation
import Testing
@testable import API

@Suite("FileURLSigner")
struct FileURLSignerTests {
    let signer = FileURLSigner(secret: AuthFixture.secret)
    let user = UUID()
    let job = UUID()
    let now = Date(timeIntervalSince1970: 1_750_000_000)

    /// The pieces a route would see: decoded file name and the raw query values.
    func parse(_ url: String) throws -> (job: UUID, file: String, expires: String, uid: String, sig: String) {
        let components = try #require(URLComponents(string: "http://host" + url))
        let segments = components.percentEncodedPath.split(separator: "/").map(String.init)
        try #require(segments.count == 3 && segments[0] == "files")
        let items = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        return (try #require(UUID(uuidString: segments[1])), try #require(segments[2].removingPercentEncoding),
                items["expires"] ?? "", items["uid"] ?? "", items["sig"] ?? "")
    }

    @Test("round trip, including a file name that needs encoding",
          arguments: ["mix.mp3", "my mix (final) #2?.mp3", "Beyoncé – 100%.m4a", "a/b&c=d.wav"])
    func roundTrip(_ fileName: String) throws {
        let url = signer.sign(userId: user, jobId: job, fileName: fileName, now: now)
        #expect(url.hasPrefix("/files/\(job.uuidString.lowercased())/"))
        let p = try parse(url)
        #expect(p.job == job)
        #expect(p.file == fileName)
        #expect(p.expires == String(Int(now.timeIntervalSince1970) + 300))
        #expect(signer.verify(jobId: p.job, fileName: p.file, expires: p.expires, uid: p.uid, sig: p.sig, now: now)?.userId == user)
        // Another signer over the same secret agrees.
        #expect(FileURLSigner(secret: AuthFixture.secret).verify(jobId: p.job, fileName: p.file, expires: p.expires, uid: p.uid, sig: p.sig, now: now)?.userId == user)
    }

    @Test("bound to user, job, file name and expiry")
    func binding() throws {
        let p = try parse(signer.sign(userId: user, jobId: job, fileName: "mix.mp3", now: now))
        #expect(signer.verify(jobId: job, fileName: "mix.mp3", expires: p.expires, uid: UUID().uuidString, sig: p.sig, now: now) == nil)
        #expect(signer.verify(jobId: UUID(), fileName: "mix.mp3", expires: p.expires, uid: p.uid, sig: p.sig, now: now) == nil)
        #expect(signer.verify(jobId: job, fileName: "other.mp3", expires: p.expires, uid: p.uid, sig: p.sig, now: now) == nil)
        #expect(signer.verify(jobId: job, fileName: "mix.mp3", expires: String(Int(p.expires)! + 3600), uid: p.uid, sig: p.sig, now: now) == nil)
    }

    @Test("tampered, missing or foreign signatures are refused")
    func tampering() throws {
        let p = try parse(signer.sign(userId: user, jobId: job, fileName: "mix.mp3", now: now))
        var sig = Array(p.sig)
        sig[5] = sig[5] == "A" ? "B" : "A"
        #expect(signer.verify(jobId: job, fileName: "mix.mp3", expires: p.expires, uid: p.uid, sig: String(sig), now: now) == nil)
        #expect(signer.verify(jobId: job, fileName: "mix.mp3", expires: p.expires, uid: p.uid, sig: "", now: now) == nil)
        #expect(signer.verify(jobId: job, fileName: "mix.mp3", expires: p.expires, uid: p.uid, sig: "!!!", now: now) == nil)
        #expect(signer.verify(jobId: job, fileName: "mix.mp3", expires: "", uid: p.uid, sig: p.sig, now: now) == nil)
        #expect(signer.verify(jobId: job, fileName: "mix.mp3", expires: "-1", uid: p.uid, sig: p.sig, now: now) == nil)
        let other = FileURLSigner(secret: "another-secret-of-sufficient-length-0123456789")
        #expect(other.verify(jobId: job, fileName: "mix.mp3", expires: p.expires, uid: p.uid, sig: p.sig, now: now) == nil)
    }

    @Test("expired URLs are refused")
    func expiry() throws {
        let p = try parse(signer.sign(userId: user, jobId: job, fileName: "mix.mp3", now: now))
        #expect(signer.verify(jobId: job, fileName: "mix.mp3", expires: p.expires, uid: p.uid, sig: p.sig, now: now.addingTimeInterval(299))?.userId == user)
        #expect(signer.verify(jobId: job, fileName: "mix.mp3", expires: p.expires, uid: p.uid, sig: p.sig, now: now.addingTimeInterval(300)) == nil)
        let explicit = try parse(signer.sign(userId: user, jobId: job, fileName: "mix.mp3", expiresAt: now.addingTimeInterval(10)))
        #expect(explicit.expires == String(Int(now.timeIntervalSince1970) + 10))
    }

    @Test("the URL key is not the JWT secret")
    func keySeparation() throws {
        let p = try parse(signer.sign(userId: user, jobId: job, fileName: "mix.mp3", now: now))
        let message = Data("v1|\(job.uuidString.lowercased())|\(user.uuidString.lowercased())|\(p.expires)|mix.mp3".utf8)
        let withRawSecret = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(AuthFixture.secret.utf8)))
        #expect(Base64URL.encode(withRawSecret) != p.sig)
    }
}
