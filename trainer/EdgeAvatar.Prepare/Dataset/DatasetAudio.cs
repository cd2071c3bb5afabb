using System.Text.Json;
using EdgeAvatar.Audio;

namespace EdgeAvatar.Prepare.Dataset;

/// <summary>
/// Audio features of the clip. <see cref="FeatureFile"/> holds <see cref="FeatureFrames"/> × bands little-endian
/// float32, RAW log-mel (not normalised); apply <see cref="Normalization"/> (per-band mean/std of this clip, what the
/// device applies to live audio) before use. Video frame i ↔ feature frames 2i and 2i+1; the tail is padded with
/// the config's silence value when the audio is shorter. <see cref="FeatureConfig"/> and <see cref="Normalization"/>
/// are the JSON documents of <see cref="AudioFeatureConfig"/> and <see cref="AudioNormalization"/> verbatim.
/// </summary>
public sealed record DatasetAudio(
    JsonElement FeatureConfig,
    JsonElement Normalization,
    string FeatureFile,
    int FeatureFrames,
    int Bands,
    bool FeaturesNormalized,
    int PaddedFrames,
    string WavFile,
    int SampleRate,
    double DurationSeconds)
{
    public AudioFeatureConfig ReadFeatureConfig() => AudioFeatureConfig.FromJson(FeatureConfig.GetRawText());

    public AudioNormalization ReadNormalization() => AudioNormalization.FromJson(Normalization.GetRawText());
}
