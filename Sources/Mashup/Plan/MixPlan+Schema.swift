// MixPlan+Schema: the response schema the LLM planner must follow, and the strict reading of its JSON reply.
// Knows nothing about HTTP; the reply is parsed as JSON against the schema's shape, never scraped from prose.

import Foundation

extension MixPlan {
    /// The response schema for a plan: `{title, segments: [{track, start, end, crossfadeAfter, reason}]}`, all required.
    public static let responseSchema = JSONSchema(
        .object,
        description: "A mashup plan: ordered segments cut from the given tracks and crossfaded.",
        properties: [
            "title": JSONSchema(.string, description: "A short title for the mix."),
            "segments": JSONSchema(
                .array,
                description: "Segments in play order.",
                items: JSONSchema(
                    .object,
                    properties: [
                        "track": JSONSchema(.integer, description: "0-based index of the track in the list given."),
                        "start": JSONSchema(.number, description: "Start within the track, in seconds; a lyric line start."),
                        "end": JSONSchema(.number, description: "End within the track, in seconds; a lyric line end."),
                        "crossfadeAfter": JSONSchema(.number, description: "Seconds of overlap with the next segment; 0 for the last."),
                        "reason": JSONSchema(.string, description: "One sentence: why this part of the song."),
                    ],
                    required: ["track", "start", "end", "crossfadeAfter", "reason"]
                )
            ),
        ],
        required: ["title", "segments"]
    )

    /// Reads a plan from an LLM reply that should be exactly the JSON object (a surrounding ``` fence is tolerated).
    /// Throws `invalidPlan` when the reply is not that JSON; limits the reply to `maxBytes` (default 256 KiB).
    public static func decode(llmReply: String, maxBytes: Int = 256 * 1024) throws -> MixPlan {
        let data = try LLMReply.jsonData(llmReply, maxBytes: maxBytes, what: "plan")
        do {
            return try JSONDecoder().decode(MixPlan.self, from: data)
        } catch {
            throw MashupError(.invalidPlan, "the planner's reply does not match the plan schema: \(LLMReply.describe(error))")
        }
    }
}
