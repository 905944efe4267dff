// LockedList: a list that callbacks on other threads (yt-dlp progress readers) can append to.
// Test support only.
import NIOConcurrencyHelpers

/// An append-only list safe to share between threads.
final class LockedList<Element: Sendable>: Sendable {
    private let box = NIOLockedValueBox<[Element]>([])

    /// Appends an element.
    func append(_ element: Element) { box.withLockedValue { $0.append(element) } }

    /// The elements so far.
    var all: [Element] { box.withLockedValue { $0 } }
}
