// SearchScorerTests: stored yt-dlp result lists; the right video must win, for explainable reasons.
// Knows nothing about running yt-dlp; the fixtures are its --dump-json lines.

import Testing
@testable import Mashup

@Suite("SearchScorer")
struct SearchScorerTests {
    let scorer = SearchScorer()

    @Test("yt-dlp JSON lines decode; bad lines are skipped")
    func decoding() {
        let candidates = SearchCandidate.parseJSONLines(Fixture.text("search-midnight-city.jsonl"))
        #expect(candidates.count == 7)
        #expect(candidates[0].viewCount == 200_000_000 && candidates[0].duration == 244)
        #expect(candidates[3].link == "https://www.youtube.com/shorts/Sp3dUpSh0rt")
        #expect(candidates[6].duration == nil && candidates[6].liveStatus == "is_live")
    }

    @Test("Blinding Lights: the official audio wins; lyrics, slowed and Shorts rank last")
    func blindingLights() throws {
        let candidates = SearchCandidate.parseJSONLines(Fixture.text("search-blinding-lights.jsonl"))
        let ranked = scorer.rank(candidates, for: SongRequest(title: "Blinding Lights", artist: "The Weeknd"))
        #expect(ranked.map(\.candidate.id) == ["fHI8X4OXluQ", "J7p4bzqLvCw", "4NRXx6U8ABQ", "LyR1cs7c0ud", "sLw1bL1r3v0", "Sh0rtS00001"])
        let best = try #require(scorer.best(candidates, for: SongRequest(title: "Blinding Lights", artist: "The Weeknd")))
        #expect(best.candidate.id == "fHI8X4OXluQ")
        #expect(best.score.points(for: "audio") == 6 && best.score.points(for: "artist-channel") == 6)
        let shorts = try #require(ranked.last)
        #expect(shorts.score.points(for: "shorts") == -40 && shorts.score.points(for: "penalty:shorts-tag") == -30)
        let slowed = try #require(ranked.first { $0.candidate.id == "sLw1bL1r3v0" })
        #expect(slowed.score.points(for: "penalty:slowed") == -25 && slowed.score.points(for: "penalty:reverb") == -20)
        #expect(best.score.explanation.hasPrefix("total "))
        #expect(best.score.explanation.contains("title (2/2 title words)"))
    }

    @Test("Bohemian Rhapsody: the Topic upload wins over video, live, karaoke, cover, loop and lyrics")
    func bohemianRhapsody() throws {
        let candidates = SearchCandidate.parseJSONLines(Fixture.text("search-bohemian-rhapsody.jsonl"))
        let ranked = scorer.rank(candidates, for: SongRequest(title: "Bohemian Rhapsody", artist: "Queen"))
        #expect(ranked.first?.candidate.id == "yk3prd8GER4")
        #expect(ranked[1].candidate.id == "fJ9rUzIMcZQ")
        let loop = try #require(ranked.first { $0.candidate.id == "L00pH0ur001" })
        #expect(loop.score.points(for: "duration") == -25 && loop.score.points(for: "penalty:loop") == -20)
        #expect(ranked.last?.candidate.id == "L00pH0ur001")
        let karaoke = try #require(ranked.firstIndex { $0.candidate.id == "KaRa0keQn01" })
        let lyrics = try #require(ranked.firstIndex { $0.candidate.id == "QlyR1cs0001" })
        #expect(lyrics < karaoke)
    }

    @Test("Midnight City: the official video wins; a live request prefers the live upload")
    func midnightCity() throws {
        let candidates = SearchCandidate.parseJSONLines(Fixture.text("search-midnight-city.jsonl"))
        let ranked = scorer.rank(candidates, for: SongRequest(title: "Midnight City", artist: "M83"))
        #expect(ranked.first?.candidate.id == "dX3k_QDnzHE")
        let stream = try #require(ranked.first { $0.candidate.id == "Str3amNow01" })
        #expect(stream.score.points(for: "live-stream") == -50)
        let live = scorer.rank(candidates, for: SongRequest(title: "Midnight City live", artist: "M83"))
        #expect(live.first?.candidate.id == "C0achella11")
        #expect(live.first?.score.points(for: "penalty:live") == 0)
    }

    @Test("scores are deterministic and ties keep input order")
    func determinism() {
        let a = SearchCandidate(id: "a", title: "Song", duration: 200)
        let b = SearchCandidate(id: "b", title: "Song", duration: 200)
        let request = SongRequest(title: "Song")
        #expect(scorer.rank([a, b], for: request).map(\.candidate.id) == ["a", "b"])
        #expect(scorer.rank([b, a], for: request).map(\.candidate.id) == ["b", "a"])
        #expect(scorer.score(a, for: request) == scorer.score(a, for: request))
    }

    @Test("no candidate sharing a title word means no best")
    func noBest() {
        let candidates = [SearchCandidate(id: "x", title: "Completely Different", duration: 200, viewCount: 1_000_000)]
        #expect(scorer.best(candidates, for: SongRequest(title: "Hello", artist: "Adele")) == nil)
    }
}
