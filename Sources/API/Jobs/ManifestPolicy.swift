// What a manifest submitted over HTTP may do that a manifest on an engineer's own machine may:
// no server-local paths or file:// URLs, uploads only of the submitting user, and no URL that
// points at an internal address. Each refusal names the stage, the field and its line:column.
import Foundation
import Pipeline
import Services
import Stages

/// The rules for manifests that come through the API.
public struct ManifestPolicy: Sendable {
    /// Checks a URL's host against the SSRF policy.
    public let urlGuard: URLGuard

    /// Creates the policy.
    public init(urlGuard: URLGuard) { self.urlGuard = urlGuard }

    /// Every problem, each naming its stage; `uploadExists` says whether the user owns an upload id.
    public func problems(_ manifest: Manifest, uploadExists: (String) async -> Bool) async -> [APIErrorDetail] {
        var out: [APIErrorDetail] = []
        var checked: [String: String?] = [:]  // one check (one DNS lookup) per distinct URL, however many stages use it
        func add(_ stage: StageInstance, _ field: String, _ message: String) {
            let at = stage.settingLocations[field] ?? stage.location
            out.append(APIErrorDetail(field: "stages.\(stage.declarationId).\(field)", message: "stage \(stage.id): \(message)",
                                      line: at.line, column: at.column))
        }
        for stage in manifest.graph.stages {
            switch stage.kind {
            case "source":
                if stage.settings["path"] != nil {
                    add(stage, "path", "server-local paths are not allowed in manifests submitted through the API; upload the file "
                        + "(POST /api/v1/uploads) and use `upload: <id>`")
                }
                if let id = stage.settings["upload"]?.string, !(await uploadExists(id)) {
                    add(stage, "upload", "upload '\(id.prefix(64))' not found")
                }
            case "fetch":
                guard let url = stage.settings["url"]?.string else { continue }
                guard URLNormalizer.isRemote(url) else {
                    add(stage, "url", "local files and file:// URLs are not allowed in manifests submitted through the API; only http and https")
                    continue
                }
                let reason: String?
                if let known = checked[url] { reason = known } else { reason = await refusal(url); checked[url] = reason }
                if let reason { add(stage, "url", reason) }
            case "lyrics":
                if stage.settings["lrc"] != nil {
                    add(stage, "lrc", "server-local lyrics files are not allowed in manifests submitted through the API; put the lyrics in `text`")
                }
            default:
                continue
            }
        }
        return out
    }

    /// Why a URL may not be fetched (an internal address, a malformed URL), or nil. A host that does not resolve now is left to
    /// the fetcher, which checks again at download time.
    public func refusal(_ url: String) async -> String? {
        do {
            _ = try await urlGuard.check(url)
            return nil
        } catch let e as FetchError where e.code == .blockedAddress || e.code == .invalidURL {
            return e.message
        } catch {
            return nil
        }
    }
}
