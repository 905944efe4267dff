// The login (refresh-token family) of the request being served, so the file and event URLs it signs are bound to it
// and stop working when that login is revoked. Set by authentication; read by FileURLSigner. Knows nothing of HTTP.
import Foundation
import Synchronization

/// A per-request slot holding the verified family of the caller, reached through the task-local `current`.
///
/// `SigningFamilyMiddleware` puts a fresh slot in `current` around each request (and around a streamed body);
/// `AuthService.authenticate` and the signed-link check fill it once the token or link is verified; `FileURLSigner.sign`
/// binds what it holds into every URL it signs. Outside a request `current` is nil and URLs carry no family.
public final class SigningFamily: Sendable {
    /// The slot of the request being served, if any.
    @TaskLocal public static var current: SigningFamily?

    private let family = Mutex<UUID?>(nil)

    /// Creates an empty slot.
    public init() {}

    /// The verified family, once authentication has bound one.
    public var familyId: UUID? { family.withLock { $0 } }

    /// Records the caller's verified family.
    public func bind(_ familyId: UUID) { family.withLock { $0 = familyId } }
}
