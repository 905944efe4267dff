// Where a WAVWriter can stream the bytes of the file it writes, in file order, while it writes them (so the cache can
// hash a stage's output without reading it back). Knows nothing about what the receiver does with them.

/// Receives every byte of a WAV file in file order, then whether what it received is the whole finished file.
public protocol WAVByteSink: AnyObject {
    /// The next bytes of the file.
    func consume(_ bytes: UnsafeRawBufferPointer)
    /// The writer is done: `wholeFile` is true when the bytes received are exactly the file now in place.
    func writerFinished(wholeFile: Bool)
}
