// The cache's streaming digest receives the bytes WAVWriter writes, so audio stages hand the cache their outputs
// already hashed (the crossfade and loudness stages' 60 MB of a 3-minute mix are not read back).
import DSP
import Pipeline

extension StreamingDigest: WAVByteSink {}
