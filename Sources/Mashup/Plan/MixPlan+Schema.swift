// MixPlan+Schema: the response schema the LLM planner must follow, and the forgiving reading of its JSON reply.
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
                        "crossfadeBars": JSONSchema(.integer, description: "Where tracks list tempo and phrases: bars of the outgoing track the crossfade lasts (1, 2, 4 or 8)."),
                    ],
                    required: ["track", "start", "end", "crossfadeAfter", "reason"]
                )
            ),
        ],
        required: ["title", "segments"]
    )

    /// Reads a plan from an LLM reply as `read(llmReply:defaultCrossfade:maxBytes:)` does with a 3 s default
    /// crossfade, keeping the plan and dropping the notes.
    public static func decode(llmReply: String, maxBytes: Int = 256 * 1024) throws -> MixPlan {
        try read(llmReply: llmReply, defaultCrossfade: 3, maxBytes: maxBytes).plan
    }

    /// Reads a plan from an LLM reply that should be exactly the JSON object (a surrounding ``` fence is tolerated),
    /// forgiving what can be repaired and noting each repair for `PlanRepairer.repair(_:tracks:strict:notes:)`.
    ///
    /// Keys may be camelCase or snake_case (`crossfadeAfter`, `crossfade_after`); numbers may be numeric strings.
    /// A missing `title` or `reason` reads as empty (the repairer names the mix). A missing `crossfadeAfter` reads
    /// as `defaultCrossfade` (0 on the last segment) with a `crossfade` note; a segment without a usable `track`,
    /// `start` or `end`, or that is not an object, is dropped with a `droppedSegment` note. Throws `invalidPlan`
    /// when the reply is not a JSON object with a `segments` list; limits the reply to `maxBytes` (default 256 KiB).
    public static func read(llmReply: String, defaultCrossfade: Double, maxBytes: Int = 256 * 1024) throws -> PlanRepairResult {
        let data = try LLMReply.jsonData(llmReply, maxBytes: maxBytes, what: "plan")
        var object = try LLMReply.object(data, what: "plan")
        guard let list = object["segments"] as? [Any] else {
            throw MashupError(.invalidPlan, "the planner's reply does not match the plan schema: " +
                              (object["segments"] == nil ? "missing 'segments' at $" : "'segments' is not a list"))
        }
        var notes: [PlanRepairNote] = []
        var segments: [[String: Any]] = []
        for (index, item) in list.enumerated() {
            let ordinal = "segment \(index + 1) of the reply"
            guard var segment = item as? [String: Any] else {
                notes.append(PlanRepairNote(rule: .droppedSegment, message: "\(ordinal) is not an object; dropped"))
                continue
            }
            let track = LLMReply.number(segment["track"]).flatMap { $0 == $0.rounded() && abs($0) < 1e9 ? Int($0) : nil }
            let start = LLMReply.number(segment["start"]).flatMap { $0.isFinite ? $0 : nil }
            let end = LLMReply.number(segment["end"]).flatMap { $0.isFinite ? $0 : nil }
            guard let track, let start, let end else {
                let missing = [("track", track == nil), ("start", start == nil), ("end", end == nil)].filter(\.1).map { "'\($0.0)'" }
                notes.append(PlanRepairNote(rule: .droppedSegment, track: track,
                                            message: "\(ordinal) has no usable \(missing.joined(separator: ", ")); dropped"))
                continue
            }
            segment["track"] = track
            segment["start"] = start
            segment["end"] = end
            if let fade = LLMReply.number(segment["crossfadeAfter"]) {
                segment["crossfadeAfter"] = fade
            } else if index == list.count - 1 {
                segment["crossfadeAfter"] = 0.0
            } else {
                segment["crossfadeAfter"] = defaultCrossfade
                notes.append(PlanRepairNote(rule: .crossfade, track: track,
                                            message: "\(ordinal) gives no crossfadeAfter; used the default \(ClipTime.format(defaultCrossfade))"))
            }
            if !(segment["reason"] is String) { segment["reason"] = "" }
            // Bars of crossfade (with analyses): either spelling, a whole number 1...8, else dropped.
            let bars = LLMReply.number(segment["crossfadeBars"] ?? segment["crossfade_bars"])
            segment.removeValue(forKey: "crossfade_bars")
            segment.removeValue(forKey: "crossfadeBars")
            if let bars, bars == bars.rounded(), bars >= 1, bars <= 8 { segment["crossfadeBars"] = Int(bars) }
            segments.append(segment)
        }
        object["segments"] = segments
        if !(object["title"] is String) { object["title"] = "" }
        do {
            let normalized = try JSONSerialization.data(withJSONObject: object)
            return PlanRepairResult(plan: try JSONDecoder().decode(MixPlan.self, from: normalized), notes: notes)
        } catch {
            throw MashupError(.invalidPlan, "the planner's reply does not match the plan schema: \(LLMReply.describe(error))")
        }
    }
}
