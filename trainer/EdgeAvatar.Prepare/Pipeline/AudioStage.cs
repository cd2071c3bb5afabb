using EdgeAvatar.Audio;
using EdgeAvatar.Media;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>
/// Audio stage: decode to 16 kHz mono s16 (what the device's microphone path produces, so training sees the same
/// quantisation), log-mel at 50 Hz over the whole clip, per-clip normalisation stats, alignment to the video.
/// <para>
/// Alignment: feature row j describes time j / 50 s and video frame i time i / fps, so output row k (= 2i + h) is
/// taken from feature row round(k · 50 / (2 · fps)) — the identity at 25 fps. Rows past the end of the audio (the
/// audio track is a little shorter than the video) repeat the config's silence value and are counted as padding.
/// </para>
/// </summary>
public static class AudioStage
{
    public static AudioStageResult Run(string videoPath, int frameCount, double fps, MediaTools tools)
        => Run(AudioDecoder.DecodeS16(videoPath, tools), frameCount, fps);

    /// <summary>Features of already decoded 16 kHz mono samples (the pipeline decodes concurrently with tracking).</summary>
    public static AudioStageResult Run(short[] pcm, int frameCount, double fps)
    {
        var extractor = new LogMelExtractor(AudioFeatureConfig.Default);
        AudioFeatureConfig config = extractor.Config;
        LogMelFeatures features = extractor.Extract(pcm);
        int bands = config.MelBands;
        // Stats over the real rows only: padding would drag the mean towards silence.
        AudioNormalization norm = features.FrameCount > 0
            ? AudioNormalization.Compute(features)
            : AudioNormalization.Compute(Enumerable.Repeat(config.SilenceValue, bands).ToArray(), bands);

        int rows = FeatureWindow.FeatureFramesPerVideoFrame * frameCount;
        var aligned = new float[rows * bands];
        int padded = 0;
        for (int k = 0; k < rows; k++)
        {
            int src = (int)Math.Round(k * config.FrameRate / (FeatureWindow.FeatureFramesPerVideoFrame * fps));
            Span<float> dst = aligned.AsSpan(k * bands, bands);
            if (src < features.FrameCount) features.Frame(src).CopyTo(dst);
            else
            {
                dst.Fill(config.SilenceValue);
                padded++;
            }
        }
        return new AudioStageResult(pcm, aligned, rows, config, norm, padded);
    }
}
