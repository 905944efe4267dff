// PromptLengthTests: the mix length read from a prompt, in every accepted form, and what is not a length.
// Pure text; no manifests here (see RequestManifestTests for the request-to-manifest path).

import Testing
@testable import Mashup

@Suite("PromptLength")
struct PromptLengthTests {
    @Test("lengths in the forms people write", arguments: [
        ("a 3-minute mashup of Hello - Adele, Halo - Beyonce", 180.0),
        ("make it 90 seconds", 90), ("90s mashup of A - B, C - D", 90), ("a 90-second mix", 90), ("45 secs please", 45),
        ("2 min 30", 150), ("a 2 min 30 s medley", 150), ("2 minutes and 30 seconds of Hello - Adele", 150), ("2m30s", 150),
        ("about 2:30 long", 150), ("a 1:02:30 marathon", 3750), ("1.5 minutes", 90), ("1,5 minutes", 90),
        ("a two-minute mashup", 120), ("Three minutes of Queen", 180), ("half a minute", 30), ("an hour of hits", 3600),
        ("a 4 min mix", 240), ("3 mins", 180), ("a 3\u{2013}minute mix", 180),
    ] as [(String, Double)])
    func reads(_ pair: (String, Double)) {
        #expect(PromptLength.seconds(in: pair.0) == pair.1, "\(pair.0)")
    }

    @Test("not lengths: decades, song windows, per-song lengths, nothing at all, absurd values", arguments: [
        "a mashup of 90s hits", "the 80s and 90s", "'90s vibes", "mix of Hello - Adele (1:00-1:30), Halo - Beyonce (0:30-1:00)",
        "Hello - Adele 1:00 - 1:30 and Halo", "30 seconds of each song", "20 seconds per song", "a mashup of Hello - Adele",
        "5 seconds", "9 hours", "someone like you", "a mashup", "",
    ])
    func ignores(_ prompt: String) {
        #expect(PromptLength.seconds(in: prompt) == nil, "\(prompt)")
    }

    @Test("the first length mentioned wins, skipping per-song ones")
    func first() {
        #expect(PromptLength.seconds(in: "a 3-minute mix, 30 seconds of each song, then 2 minutes more") == 180)
        #expect(PromptLength.seconds(in: "30 seconds of each song, 2 minutes in all") == 120)
    }
}
