// SearchScorer: scores search candidates for a requested song (title/artist overlap, official hints, penalties).
// Knows nothing about running searches; deterministic, so the same result list always picks the same video.

import Foundation

/// Ranks yt-dlp search results for a `SongRequest`, explaining every score.
///
/// Rules (points): title words found ×40 (+5 when the whole title appears in order); artist words found in the
/// title or channel ×25; " - Topic" channel +12; "official" +6; "audio" +6; the artist's own channel +6; VEVO
/// +4; "music/official video" −2; for each unwanted variant the request itself does not ask for: lyrics −10,
/// slowed −25, reverb −20, sped up −25, nightcore −30, cover −25, karaoke −30, instrumental −25, remix −15,
/// live −12, 8D −30, #shorts −30, reaction −25, tutorial −25, hour-long/loop −20, bass boosted −20, mashup −15,
/// acoustic −10, TikTok −10, parody −25, extended −5; Shorts (`/shorts/` URL or under 60 s) −40; 2.5–9 min +10,
/// 9–20 min −8, over 20 min −25; live or upcoming streams −50; views +1.5 per decade (log10), at most +12.
public struct SearchScorer: Sendable {
    /// A candidate with its score and its position in the input list.
    public struct Ranked: Sendable, Equatable, Codable {
        /// The candidate.
        public var candidate: SearchCandidate
        /// Its score.
        public var score: SearchScore
        /// Its index in the list given to `rank`.
        public var index: Int
    }

    /// Creates a scorer.
    public init() {}

    static let penalties: [(rule: String, phrases: [[String]], points: Double)] = [
        ("lyrics", [["lyrics"], ["lyric"], ["letra"]], -10),
        ("slowed", [["slowed"]], -25),
        ("reverb", [["reverb"]], -20),
        ("sped-up", [["sped", "up"], ["speed", "up"], ["spedup"], ["sped"]], -25),
        ("nightcore", [["nightcore"]], -30),
        ("cover", [["cover"], ["covers"], ["covered"]], -25),
        ("karaoke", [["karaoke"], ["sing", "along"]], -30),
        ("instrumental", [["instrumental"], ["backing", "track"]], -25),
        ("remix", [["remix"], ["rmx"], ["bootleg"]], -15),
        ("live", [["live"], ["concert"]], -12),
        ("8d", [["8d"], ["16d"]], -30),
        ("shorts-tag", [["shorts"]], -30),
        ("reaction", [["reaction"], ["reacts"], ["reacting"]], -25),
        ("tutorial", [["tutorial"], ["lesson"], ["how", "to", "play"], ["chords"]], -25),
        ("loop", [["hour"], ["hours"], ["loop"], ["1h"], ["10h"]], -20),
        ("bass-boosted", [["bass", "boosted"]], -20),
        ("mashup", [["mashup"], ["mash", "up"], ["medley"]], -15),
        ("acoustic", [["acoustic"]], -10),
        ("tiktok", [["tiktok"], ["tik", "tok"]], -10),
        ("parody", [["parody"]], -25),
        ("extended", [["extended"]], -5),
    ]

    static let channelNoise: Set<String> = ["official", "vevo", "topic", "music", "tv", "channel", "records", "the"]
    static let articles: Set<String> = ["the", "a", "an"]

    /// The score of `candidate` for `request`.
    public func score(_ candidate: SearchCandidate, for request: SongRequest) -> SearchScore {
        var parts: [SearchScore.Part] = []
        let titleWords = TextNormalizer.words(candidate.title)
        let titleSet = Set(titleWords)
        let channelName = candidate.channel ?? candidate.uploader ?? ""
        let channelWords = TextNormalizer.words(channelName) + TextNormalizer.words(candidate.uploader ?? "")
        let wantedTitle = TextNormalizer.words(request.title)
        let wantedArtist = TextNormalizer.words(request.artist ?? "")
        let askedFor = Set(wantedTitle + wantedArtist)

        let titleKey = wantedTitle.filter { !Self.articles.contains($0) }
        let titleTokens = titleKey.isEmpty ? wantedTitle : titleKey
        if !titleTokens.isEmpty {
            let found = titleTokens.filter(titleSet.contains).count
            parts.append(.init(rule: "title", points: 40 * Double(found) / Double(titleTokens.count),
                               detail: "\(found)/\(titleTokens.count) title words"))
            if wantedTitle.count >= 1, Self.contains(titleWords, wantedTitle) {
                parts.append(.init(rule: "title-phrase", points: 5, detail: "whole title in order"))
            }
        }
        let artistKey = wantedArtist.filter { !Self.articles.contains($0) }
        if !artistKey.isEmpty {
            let pool = titleSet.union(channelWords)
            let found = artistKey.filter(pool.contains).count
            parts.append(.init(rule: "artist", points: 25 * Double(found) / Double(artistKey.count),
                               detail: "\(found)/\(artistKey.count) artist words in title or channel"))
            let channelCore = TextNormalizer.words(channelName).filter { !Self.channelNoise.contains($0) }
            if !channelCore.isEmpty, channelCore == artistKey.filter({ !Self.channelNoise.contains($0) }) {
                parts.append(.init(rule: "artist-channel", points: 6, detail: "channel is the artist's"))
            }
        }
        if channelName.hasSuffix(" - Topic") {
            parts.append(.init(rule: "topic", points: 12, detail: "auto-generated audio track"))
        }
        if titleSet.contains("official"), !askedFor.contains("official") {
            parts.append(.init(rule: "official", points: 6, detail: "\"official\" in title"))
        }
        if titleSet.contains("audio"), !askedFor.contains("audio") {
            parts.append(.init(rule: "audio", points: 6, detail: "\"audio\" in title"))
        }
        if channelName.lowercased().contains("vevo") {
            parts.append(.init(rule: "vevo", points: 4, detail: "VEVO channel"))
        }
        if Self.contains(titleWords, ["music", "video"]) || Self.contains(titleWords, ["official", "video"]) {
            parts.append(.init(rule: "music-video", points: -2, detail: "music videos may carry intros and skits"))
        }
        for penalty in Self.penalties {
            guard let phrase = penalty.phrases.first(where: { Self.contains(titleWords, $0) }),
                  !phrase.allSatisfy(askedFor.contains) else { continue }
            parts.append(.init(rule: "penalty:" + penalty.rule, points: penalty.points,
                               detail: "\"\(phrase.joined(separator: " "))\" in title, not asked for"))
        }
        let link = (candidate.webpageURL ?? "") + " " + (candidate.url ?? "")
        if link.contains("/shorts/") || (candidate.duration.map { $0 < 60 } ?? false) {
            parts.append(.init(rule: "shorts", points: -40, detail: "a Short or under 60 s"))
        }
        if let duration = candidate.duration {
            let minutes = String(format: "%.1f min", duration / 60)
            if (150...540).contains(duration) {
                parts.append(.init(rule: "duration", points: 10, detail: "\(minutes), song-like length"))
            } else if duration > 1200 {
                parts.append(.init(rule: "duration", points: -25, detail: "\(minutes), a compilation or loop"))
            } else if duration > 540 {
                parts.append(.init(rule: "duration", points: -8, detail: "\(minutes), longer than a song"))
            }
        }
        switch candidate.liveStatus {
        case "is_live", "is_upcoming":
            parts.append(.init(rule: "live-stream", points: -50, detail: "a live or upcoming stream"))
        case "post_live", "was_live":
            parts.append(.init(rule: "live-stream", points: -5, detail: "a recorded stream"))
        default:
            break
        }
        if let views = candidate.viewCount, views > 0 {
            let points = min(12, 1.5 * log10(Double(views) + 1))
            parts.append(.init(rule: "views", points: points, detail: "\(views) views"))
        }
        return SearchScore(parts: parts)
    }

    /// Candidates sorted best first; equal totals keep their input order.
    public func rank(_ candidates: [SearchCandidate], for request: SongRequest) -> [Ranked] {
        candidates.enumerated()
            .map { Ranked(candidate: $0.element, score: score($0.element, for: request), index: $0.offset) }
            .sorted { $0.score.total != $1.score.total ? $0.score.total > $1.score.total : $0.index < $1.index }
    }

    /// The best candidate, or nil when none shares a single title word with the request.
    public func best(_ candidates: [SearchCandidate], for request: SongRequest) -> Ranked? {
        rank(candidates, for: request).first { $0.score.points(for: "title") > 0 }
    }

    /// True when `words` holds `phrase` as a contiguous run.
    static func contains(_ words: [String], _ phrase: [String]) -> Bool {
        guard !phrase.isEmpty, words.count >= phrase.count else { return false }
        for start in 0...(words.count - phrase.count) where words[start] == phrase[0] {
            if Array(words[start..<(start + phrase.count)]) == phrase { return true }
        }
        return false
    }
}
