// A validated manifest: metadata, params, the working audio format, and the expanded stage graph.
// Pure data; ManifestLoader builds it, the runner executes its graph.
import Foundation

/// A validated, expanded manifest, ready to render.
public struct Manifest: Sendable {
    /// The manifest's path as the user gave it.
    public var path: String
    /// The absolute folder that relative paths in the manifest resolve against.
    public var directory: String
    /// The format version (1).
    public var version: Int
    /// The manifest's name (used for output file names and cache history).
    public var name: String
    /// Optional free text.
    public var description: String?
    /// Parameter values after `--set` overrides.
    public var params: [String: Value]
    /// The working audio format for intermediate audio.
    public var audio: AudioFormat
    /// The expanded stages in topological order.
    public var graph: StageGraph
    /// The raw YAML text, as read.
    public var text: String

    /// The current manifest format version.
    public static let currentVersion = 1
}
