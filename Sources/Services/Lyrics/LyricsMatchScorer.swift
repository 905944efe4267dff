// LyricsMatchScorer: picks the LRCLIB search result that is the requested song: title and artist similarity
// over normalised words, and a duration within 2 s when both are known. Pure functions.
import Foundation

/// Chooses among LRCLIB search results.
public enum LyricsMatchScorer {
    /// Largest duration difference accepted, in seconds.
    public static let durationTolerance = 2.0
    /// Lowest title similarity accepted.
    public static let minimumTitleSimilarity = 0.6
    /// Lowest artist similarity accepted.
    public static let minimumArtistSimilarity = 0.5

    /// The best acceptable record, preferring synced lyrics, then plain lyrics, then the closest duration.
    public static func best(
        in records: [LRCLIBRecord], track: String, artist: String, duration: Double?
    ) -> LRCLIBRecord? {
        var best: (record: LRCLIBRecord, score: Double, gap: Double)?
        for record in records {
            guard let score = score(record, track: track, artist: artist, duration: duration) else { continue }
            var gap = 0.0
            if let duration, let recordDuration = record.duration { gap = abs(duration - recordDuration) }
            if let current = best, current.score > score || (current.score == score && current.gap <= gap) { continue }
            best = (record, score, gap)
        }
        return best?.record
    }

    /// The match score (higher is better), or nil when the record is not the requested song.
    public static func score(_ record: LRCLIBRecord, track: String, artist: String, duration: Double?) -> Double? {
        if let duration, let recordDuration = record.duration, abs(duration - recordDuration) > durationTolerance { return nil }
        let titleScore = similarity(track, record.trackName)
        let artistScore = similarity(artist, record.artistName)
        guard titleScore >= minimumTitleSimilarity, artistScore >= minimumArtistSimilarity else { return nil }
        var score = 0.55 * titleScore + 0.35 * artistScore
        if record.hasSyncedLyrics {
            score += 0.1
        } else if !(record.plainLyrics?.isEmpty ?? true) {
            score += 0.05
        }
        return score
    }

    /// Word-set similarity in 0...1 (Dice coefficient; 0.9 at least when one side's words contain the other's).
    public static func similarity(_ a: String, _ b: String) -> Double {
        let left = words(a), right = words(b)
        guard !left.isEmpty, !right.isEmpty else { return 0 }
        if left == right { return 1 }
        let common = Double(left.intersection(right).count)
        let dice = 2 * common / Double(left.count + right.count)
        if left.isSubset(of: right) || right.isSubset(of: left) { return max(dice, 0.9) }
        return dice
    }

    /// Lower-case, accent-free words, without bracketed parts ("(Remastered)") or "feat." credits; "&" is "and".
    public static func words(_ text: String) -> Set<String> {
        var cleaned = ""
        var depth = 0
        for character in text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX")).lowercased() {
            switch character {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth = max(0, depth - 1)
            case "&" where depth == 0: cleaned += " and "
            default:
                if depth == 0 { cleaned.append(character.isLetter || character.isNumber ? character : " ") }
            }
        }
        var result: [String] = []
        for word in cleaned.split(separator: " ") {
            if word == "feat" || word == "ft" || word == "featuring" { break }
            result.append(String(word))
        }
        return Set(result)
    }
}
