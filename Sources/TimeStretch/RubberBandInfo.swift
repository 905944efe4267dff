// The version of the Rubber Band Library this module was built against, for cache keys.
// It knows nothing of stretching; it only reads the library's version constant.

import CRubberBand

/// Facts about the linked Rubber Band Library.
public enum RubberBandInfo {
    /// The library version from the headers built against, e.g. "3.1.2"; the C API has no run-time version string.
    public static var version: String { String(cString: im_rubberband_version()) }

    /// The engine TimeStretcher asks for: 3 (the R3 "finer" engine).
    public static let engine = 3
}
