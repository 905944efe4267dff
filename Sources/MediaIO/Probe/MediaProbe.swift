// Reads a file's container and audio stream facts without decoding any audio.
// Knows nothing about the working format or about decoding; see AudioDecoder for samples.

import CFFmpeg

/// Probes media files with libavformat.
public enum MediaProbe {
    /// Facts about the best audio stream of `path`; throws `notAudio`, `noAudioStream` or `io`.
    public static func probe(path: String) throws -> AudioFileInfo {
        let input = try FFInputFile(path: path)
        let best = try input.bestAudioStream()
        return AudioFileInfo(context: input.pointer, stream: best.stream)
    }
}
