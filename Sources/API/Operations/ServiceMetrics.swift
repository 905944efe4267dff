// Prometheus metrics of one service instance: HTTP latency by route, stage durations, cache hits
// and misses, jobs by final status, and queue depth and age (read from the store at scrape time).
import Foundation
import Prometheus
import Synchronization

/// The metrics registry and the instruments the API and workers record into.
public final class ServiceMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry = PrometheusCollectorRegistry()

    private static let latencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]
    private static let stageBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(15),
        .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600),
    ]

    /// Creates an empty registry.
    public init() {}

    /// The label values of one request histogram.
    private struct RequestLabels: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    /// Request histograms by labels, so a request costs one dictionary lookup instead of the registry's descriptor work.
    private let requestHistograms = Mutex<[RequestLabels: DurationHistogram]>([:])

    /// Records one HTTP request.
    public func request(route: String, method: String, status: Int, duration: Duration) {
        let labels = RequestLabels(route: route, method: method, status: status)
        let histogram = requestHistograms.withLock { cache in
            if let known = cache[labels] { return known }
            let made = registry.makeDurationHistogram(
                descriptor: MetricNameDescriptor(namespace: "intellimix", subsystem: "http", metricName: "request_duration",
                                                 unitName: "seconds", helpText: "HTTP request latency by route"),
                labels: [("route", route), ("method", method), ("status", String(status))], buckets: Self.latencyBuckets)
            cache[labels] = made
            return made
        }
        histogram.record(duration)
    }

    /// Records a finished stage: its duration when it ran, and a cache hit or miss.
    public func stage(kind: String, status: String, seconds: Double) {
        if status == "ran" {
            registry.makeDurationHistogram(
                descriptor: MetricNameDescriptor(namespace: "intellimix", subsystem: "stage", metricName: "duration", unitName: "seconds",
                                                 helpText: "Time spent running stages (cache misses) by kind"),
                labels: [("kind", kind)], buckets: Self.stageBuckets
            ).record(.milliseconds(Int64(seconds * 1000)))
        }
        if status == "ran" || status == "cached" {
            registry.makeCounter(
                descriptor: MetricNameDescriptor(namespace: "intellimix", subsystem: "cache", metricName: status == "cached" ? "hits" : "misses",
                                                 unitName: "total", helpText: status == "cached" ? "Stages served from the cache" : "Stages that had to run"),
                labels: [("kind", kind)]
            ).increment()
        }
    }

    /// Records a job reaching a final state in this process.
    public func jobFinished(status: JobStatus) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "intellimix", subsystem: "jobs", metricName: "finished", unitName: "total",
                                             helpText: "Jobs finished by workers of this process, by status"),
            labels: [("status", status.rawValue)]
        ).increment()
    }

    /// Sets the queue gauges from the store's figures.
    public func queue(_ stats: QueueStats) {
        for status in JobStatus.allCases {
            registry.makeGauge(
                descriptor: MetricNameDescriptor(namespace: "intellimix", subsystem: "jobs", metricName: "by_status", unitName: "",
                                                 helpText: "Jobs in the database by status"),
                labels: [("status", status.rawValue)]
            ).set(Double(stats.byStatus[status] ?? 0))
        }
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "intellimix", subsystem: "queue", metricName: "depth", unitName: "",
                                                            helpText: "Queued jobs ready to run")).set(Double(stats.depth))
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "intellimix", subsystem: "queue", metricName: "oldest_age", unitName: "seconds",
                                                            helpText: "How long the oldest ready job has waited")).set(stats.oldestAge)
    }

    /// The Prometheus text exposition.
    public func render() -> String { registry.emitToString() }
}
