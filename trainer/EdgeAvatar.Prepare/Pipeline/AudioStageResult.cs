using EdgeAvatar.Audio;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>
/// Output of <see cref="AudioStage"/>: the clip's 16 kHz mono s16 samples, RAW log-mel features aligned to the video
/// (exactly 2 × frames rows of <c>Config.MelBands</c>; video frame i ↔ rows 2i, 2i+1), the per-band normalisation
/// computed over the real (unpadded) rows, and how many tail rows are padding.
/// </summary>
public sealed record AudioStageResult(short[] Pcm, float[] Features, int FeatureFrames, AudioFeatureConfig Config,
    AudioNormalization Normalization, int PaddedFrames)
{
    public double DurationSeconds => Pcm.Length / (double)Config.SampleRate;
}
