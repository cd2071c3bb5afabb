namespace EdgeAvatar.Host.Input;

/// <summary>
/// The audio conditioning for one 25 fps video frame.
/// </summary>
/// <param name="FrameIndex">Video frame i (0-based, in the stream's own numbering).</param>
/// <param name="Window">16 × 80 floats, frame-major (feature frame 2i − 8 + j's 80 bands at [j·80, (j+1)·80)),
/// edge-padded at both ends and normalised with the model's saved AudioNormalization: bit-identical to the trainer's
/// LogMelExtractor + normalisation + FeatureWindow.CopyWindow for the same PCM.</param>
/// <param name="LookAhead">The windows of frames i+1 .. i+k for attention smoothing, k = the configured look-ahead,
/// fewer at the end of the stream (frames past the end do not exist). The arrays are the same objects later frames
/// carry as their <see cref="Window"/>: read-only by contract.</param>
/// <param name="IsSpeech">Voice activity: either of the frame's two feature frames is voice (VoiceActivityDetector).</param>
/// <param name="EnergyDb">Loudest of the two feature frames' energies, dBFS.</param>
/// <param name="MediaTime">Start of the frame in the stream: i × 40 ms.</param>
public sealed record AudioFrameFeatures(
    long FrameIndex,
    float[] Window,
    IReadOnlyList<float[]> LookAhead,
    bool IsSpeech,
    float EnergyDb,
    TimeSpan MediaTime);
