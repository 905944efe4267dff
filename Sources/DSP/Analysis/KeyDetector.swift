// KeyDetector: the key of a chroma profile, by correlation with 24 rotated major and minor key profiles.
// Knows nothing about spectra; it compares twelve numbers with templates.
import Foundation

/// Picks the major or minor key whose profile correlates best with a track's mean chroma.
struct KeyDetector: Sendable {
    /// A pair of key profiles (tonic first).
    struct Profiles: Sendable {
        var major: [Double]
        var minor: [Double]
        /// Krumhansl and Kessler's probe-tone ratings (1982).
        static let krumhansl = Profiles(
            major: [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88],
            minor: [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])
        /// Temperley's profiles from the Kostka–Payne corpus (2001).
        static let temperley = Profiles(
            major: [0.748, 0.060, 0.488, 0.082, 0.670, 0.460, 0.096, 0.715, 0.104, 0.366, 0.057, 0.400],
            minor: [0.712, 0.084, 0.474, 0.618, 0.049, 0.460, 0.105, 0.747, 0.404, 0.067, 0.133, 0.330])
    }

    /// The profiles used.
    var profiles: Profiles = .temperley

    /// The best key and its correlation (clamped to 0…1); C major with strength 0 for a silent chroma.
    func estimate(_ chroma: [Double]) -> (key: MusicalKey, strength: Double) {
        guard chroma.count == 12, chroma.contains(where: { $0 > 0 }) else { return (MusicalKey(tonic: 0, mode: .major), 0) }
        var best = (key: MusicalKey(tonic: 0, mode: .major), r: -Double.infinity)
        for mode in MusicalKey.Mode.allCases {
            let profile = mode == .major ? profiles.major : profiles.minor
            for tonic in 0..<12 {
                let rotated = (0..<12).map { profile[(($0 - tonic) % 12 + 12) % 12] }
                let r = Self.correlation(chroma, rotated)
                if r > best.r { best = (MusicalKey(tonic: tonic, mode: mode), r) }
            }
        }
        return (best.key, max(0, min(1, best.r)))
    }

    /// Pearson correlation of two equally long vectors.
    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var num = 0.0, da = 0.0, db = 0.0
        for i in a.indices {
            num += (a[i] - ma) * (b[i] - mb)
            da += (a[i] - ma) * (a[i] - ma)
            db += (b[i] - mb) * (b[i] - mb)
        }
        return da > 0 && db > 0 ? num / (da * db).squareRoot() : 0
    }
}
