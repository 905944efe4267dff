// The job view written by hand, field by field in declaration order, nil fields left out: the same JSON as its
// Encodable conformance writes (a test compares them), at a fraction of the cost, for history pages of many jobs.
import Foundation

extension JobView {
    /// This view as a JSON object.
    var jsonObject: JSONObjectWriter {
        var o = JSONObjectWriter()
        o.add("id", string: id)
        o.add("job_id", string: job_id)
        o.add("type", string: type)
        o.add("status", string: status)
        o.add("progress", double: progress)
        o.add("attempt", int: attempt)
        o.add("failures", int: failures)
        o.add("max_attempts", int: max_attempts)
        if let retry_at { o.add("retry_at", string: APIResponse.timestamp(retry_at)) }
        if let input { o.add("input", value: input) }
        if let error {
            var e = JSONObjectWriter()
            e.add("code", string: error.code)
            e.add("message", string: error.message)
            if let r = error.retry_after_seconds { e.add("retry_after_seconds", int: r) }
            o.add("error", object: e)
        }
        if let error_message { o.add("error_message", string: error_message) }
        if let output_url { o.add("output_url", string: output_url) }
        o.add("files", objects: files.map { file in
            var f = JSONObjectWriter()
            f.add("name", string: file.name)
            f.add("url", string: file.url)
            f.add("signed_url", string: file.signed_url)
            f.add("signed_url_expires_at", string: APIResponse.timestamp(file.signed_url_expires_at))
            return f
        })
        if let stages {
            o.add("stages", objects: stages.map { stage in
                var s = JSONObjectWriter()
                s.add("id", string: stage.id)
                s.add("kind", string: stage.kind)
                s.add("status", string: stage.status)
                s.add("progress", double: stage.progress)
                s.add("seconds", double: stage.seconds)
                s.add("cached", bool: stage.cached)
                if let code = stage.error_code { s.add("error_code", string: code) }
                if let message = stage.error_message { s.add("error_message", string: message) }
                if let metadata = stage.metadata { s.add("metadata", value: metadata) }
                return s
            })
        }
        if let parent_id { o.add("parent_id", string: parent_id) }
        o.add("created_at", string: APIResponse.timestamp(created_at))
        if let started_at { o.add("started_at", string: APIResponse.timestamp(started_at)) }
        if let completed_at { o.add("completed_at", string: APIResponse.timestamp(completed_at)) }
        o.add("updated_at", string: APIResponse.timestamp(updated_at))
        var l = JSONObjectWriter()
        l.add("self", string: links.`self`)
        l.add("events", string: links.events)
        l.add("manifest", string: links.manifest)
        l.add("rerender", string: links.rerender)
        l.add("cancel", string: links.cancel)
        o.add("links", object: l)
        if let events_url { o.add("events_url", string: events_url) }
        return o
    }
}
