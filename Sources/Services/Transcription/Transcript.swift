// Transcript: a verbose_json transcription: full text, language, duration, timed segments and words.
// Pure data and lenient decoding.

/// What the speech-to-text service heard.
public struct Transcript: Sendable, Codable, Equatable {
    /// One timed stretch of speech.
    public struct Segment: Sendable, Codable, Equatable {
        /// Start in seconds.
        public var start: Double
        /// End in seconds.
        public var end: Double
        /// The words spoken.
        public var text: String

        /// Creates a segment.
        public init(start: Double, end: Double, text: String) {
            self.start = start
            self.end = end
            self.text = text
        }
    }

    /// One timed word.
    public struct Word: Sendable, Codable, Equatable {
        /// Start in seconds.
        public var start: Double
        /// End in seconds.
        public var end: Double
        /// The word.
        public var word: String

        /// Creates a word.
        public init(start: Double, end: Double, word: String) {
            self.start = start
            self.end = end
            self.word = word
        }
    }

    /// The whole text.
    public var text: String
    /// The detected or given language (a name such as "english" or a code), when reported.
    public var language: String?
    /// The audio's length in seconds, when reported.
    public var duration: Double?
    /// Timed segments (empty when the service sent none).
    public var segments: [Segment]
    /// Timed words (empty when the service sent none).
    public var words: [Word]

    /// Creates a transcript.
    public init(text: String, language: String? = nil, duration: Double? = nil, segments: [Segment] = [], words: [Word] = []) {
        self.text = text
        self.language = language
        self.duration = duration
        self.segments = segments
        self.words = words
    }

    /// Decodes leniently: missing `segments` and `words` are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decode(String.self, forKey: .text)
        language = try container.decodeIfPresent(String.self, forKey: .language)
        duration = try container.decodeIfPresent(Double.self, forKey: .duration)
        segments = try container.decodeIfPresent([Segment].self, forKey: .segments) ?? []
        words = try container.decodeIfPresent([Word].self, forKey: .words) ?? []
    }
}
