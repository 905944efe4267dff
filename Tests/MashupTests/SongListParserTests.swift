// SongListParserTests: explicit song lists in many phrasings, and prompts that must not be read as lists.
// Knows nothing about the LLM fallback.

import Testing
@testable import Mashup

@Suite("SongListParser")
struct SongListParserTests {
    let parser = SongListParser()

    func pairs(_ prompt: String) -> [String] {
        parser.parse(prompt).map { $0.title + ($0.artist.map { " | " + $0 } ?? "") }
    }

    @Test("numbered lists with '.' or ')' and dash or 'by'")
    func numbered() {
        #expect(pairs("Please mix these:\n1. Blinding Lights - The Weeknd\n2. Levitating - Dua Lipa\n3. Hello - Adele")
            == ["Blinding Lights | The Weeknd", "Levitating | Dua Lipa", "Hello | Adele"])
        #expect(pairs("Make a mashup:\n1) Shape of You by Ed Sheeran\n2) Stand by Me by Ben E. King")
            == ["Shape of You | Ed Sheeran", "Stand by Me | Ben E. King"])
        #expect(pairs("1. Hello - Adele 2. Yesterday - The Beatles") == ["Hello | Adele", "Yesterday | The Beatles"])
        #expect(pairs("1. Toxic\n2. Hey Ya!\n3. Mr. Brightside") == ["Toxic", "Hey Ya!", "Mr. Brightside"])
    }

    @Test("a time window after an item becomes start and end")
    func window() {
        let songs = parser.parse("1. Hello - Adele (1:00-1:30)\n2. Yesterday - The Beatles")
        #expect(songs.count == 2)
        #expect(songs[0].title == "Hello" && songs[0].artist == "Adele" && songs[0].start == 60 && songs[0].end == 90)
        #expect(songs[1].start == nil)
    }

    @Test("bulleted lines")
    func bullets() {
        #expect(pairs("My songs:\n- Hello - Adele\n* Yesterday - The Beatles\n• Toxic by Britney Spears")
            == ["Hello | Adele", "Yesterday | The Beatles", "Toxic | Britney Spears"])
    }

    @Test("'Title - Artist' items separated by commas, semicolons or newlines")
    func dashList() {
        #expect(pairs("Blinding Lights - The Weeknd, Levitating - Dua Lipa; Hello - Adele")
            == ["Blinding Lights | The Weeknd", "Levitating | Dua Lipa", "Hello | Adele"])
        #expect(pairs("Blinding Lights \u{2014} The Weeknd, Levitating \u{2013} Dua Lipa and Hello - Adele")
            == ["Blinding Lights | The Weeknd", "Levitating | Dua Lipa", "Hello | Adele"])
        #expect(pairs("Songs for tonight:\nMrs Robinson - Simon and Garfunkel\nDancing Queen - ABBA")
            == ["Mrs Robinson | Simon and Garfunkel", "Dancing Queen | ABBA"])
    }

    @Test("'mix of A, B and C' and its relatives")
    func triggers() {
        #expect(pairs("Make a mix of Hello, Yesterday and Bohemian Rhapsody") == ["Hello", "Yesterday", "Bohemian Rhapsody"])
        #expect(pairs("mashup of Blinding Lights and Save Your Tears by The Weeknd")
            == ["Blinding Lights | The Weeknd", "Save Your Tears | The Weeknd"])
        #expect(pairs("Can you make a mashup of Hello by Adele and Shape of You by Ed Sheeran for my party?")
            == ["Hello | Adele", "Shape of You | Ed Sheeran"])
        #expect(pairs("I want a medley of Toxic, Hey Ya!, and Mr. Brightside. Keep it upbeat.")
            == ["Toxic", "Hey Ya!", "Mr. Brightside"])
        #expect(pairs("mashup between Hello and Yesterday with smooth transitions") == ["Hello", "Yesterday"])
        #expect(pairs("Combine Levitating with Physical") == ["Levitating", "Physical"])
        #expect(pairs("Mix Toxic and Hey Ya") == ["Toxic", "Hey Ya"])
        #expect(pairs("Make a mashup of these songs: Hello - Adele, Yesterday - The Beatles")
            == ["Hello | Adele", "Yesterday | The Beatles"])
        #expect(pairs("mix of Hello and Yesterday, 5 minutes long") == ["Hello", "Yesterday"])
    }

    @Test("'Title by Artist' lists and quoted titles")
    func byAndQuoted() {
        #expect(pairs("Hello by Adele, Yesterday by The Beatles") == ["Hello | Adele", "Yesterday | The Beatles"])
        #expect(pairs("I want Hello by Adele; Toxic by Britney Spears") == ["Hello | Adele", "Toxic | Britney Spears"])
        #expect(pairs("Use \u{201C}Hello\u{201D} by Adele and \"Yesterday\" by The Beatles") == ["Hello | Adele", "Yesterday | The Beatles"])
        #expect(pairs("something with \"Toxic\" and \"Hey Ya\" please") == ["Toxic", "Hey Ya"])
    }

    @Test("at most 8 songs, duplicates removed")
    func capAndDuplicates() {
        let prompt = (1...10).map { "\($0). Song \($0) - Artist \($0)" }.joined(separator: "\n")
        #expect(parser.parse(prompt).count == 8)
        #expect(SongListParser(maxSongs: 3).parse(prompt).count == 3)
        #expect(pairs("Hello - Adele, hello - ADELE, Yesterday - The Beatles") == ["Hello | Adele", "Yesterday | The Beatles"])
    }

    @Test("prompts without an explicit list give nothing", arguments: [
        "make me a chill summer mix",
        "a mix of chill and upbeat songs",
        "Create a 5 minute mashup of 80s hits and 90s dance music",
        "mix of rock and jazz",
        "I want something - upbeat, fun",
        "Make it 3 minutes long. Use smooth transitions.",
        "Songs by Queen please",
        "mashup of songs by Queen and ABBA",
        "Give me a workout mix with high energy",
        "1. make it upbeat 2. make it short",
        "mix it up with some jazz",
        "Stand by me, I need a sad mix",
        "",
        "a blend of lofi beats for studying",
    ])
    func noList(prompt: String) {
        #expect(parser.parse(prompt).isEmpty, "\(parser.parse(prompt))")
    }

    @Test("search queries name title, artist and 'official audio'")
    func searchQuery() {
        #expect(SongRequest(title: "Hello", artist: "Adele").searchQuery == "Hello Adele official audio")
        #expect(SongRequest(title: "Hello", artist: "").searchQuery == "Hello official audio")
    }
}
