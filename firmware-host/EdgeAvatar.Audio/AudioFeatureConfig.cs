using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeAvatar.Common;

namespace EdgeAvatar.Audio;

/// <summary>
/// Everything that determines the audio features; saved with a trained model and used unchanged on the device.
/// Two configs that compare equal produce bit-identical features from the same PCM.
/// <para>
/// Frame geometry (the timing contract): feature frame k stands for the time interval [k·hop, (k+1)·hop) samples,
/// i.e. [k/50 s, (k+1)/50 s) at the defaults. Its analysis window of <see cref="WindowLength"/> samples is centred on
/// that interval: samples [k·hop + hop/2 − win/2, k·hop + hop/2 + win/2) = [320k − 40, 320k + 360) at the defaults.
/// Samples outside the clip read as zero. A clip of N samples has exactly floor(N / hop) frames, so an impulse at
/// time t lands in frame floor(t·50) and the streaming extractor needs (win − hop)/2 = 40 samples (2.5 ms) of
/// look-ahead past a frame's interval.
/// </para>
/// <para>
/// Per frame: periodic Hann window, zero-padded FFT of <see cref="FftSize"/>, power |X|², triangular mel filters
/// with Slaney area normalisation (2 / (f_high − f_low), as librosa.filters.mel's default norm="slaney"),
/// then ln(mel + <see cref="LogEpsilon"/>). Input PCM is float in [−1, 1] (s16 is divided by 32768).
/// </para>
/// </summary>
public sealed record AudioFeatureConfig
{
    /// <summary>The only feature type this code computes; a model trained on another type must be rejected.</summary>
    public const string LogMelType = "logmel-v1";

    [JsonPropertyName("type")] public string Type { get; init; } = LogMelType;
    [JsonPropertyName("sampleRate")] public int SampleRate { get; init; } = 16000;
    /// <summary>Samples between frames: 320 at 16 kHz = 50 frames per second (two per 25 fps video frame).</summary>
    [JsonPropertyName("hopLength")] public int HopLength { get; init; } = 320;
    /// <summary>Analysis window (Hann) length: 400 samples = 25 ms. Must be ≥ hop and ≤ FFT size.</summary>
    [JsonPropertyName("windowLength")] public int WindowLength { get; init; } = 400;
    [JsonPropertyName("fftSize")] public int FftSize { get; init; } = 512;
    [JsonPropertyName("melBands")] public int MelBands { get; init; } = 80;
    [JsonPropertyName("fMin")] public double FMin { get; init; } = 0;
    [JsonPropertyName("fMax")] public double FMax { get; init; } = 8000;
    [JsonPropertyName("melScale")] public MelScale MelScale { get; init; } = MelScale.Slaney;
    /// <summary>Added before the natural log; silence gives exactly ln(eps) in every band.</summary>
    [JsonPropertyName("logEpsilon")] public double LogEpsilon { get; init; } = 1e-10;

    /// <summary>The defaults: 16 kHz, 50 Hz, 25 ms Hann, FFT 512, 80 Slaney mel bands 0–8 kHz.</summary>
    public static AudioFeatureConfig Default { get; } = new();

    /// <summary>Feature frames per second (50 at the defaults).</summary>
    [JsonIgnore] public double FrameRate => (double)SampleRate / HopLength;

    /// <summary>Offset of frame k's first window sample from k·hop (negative: the window starts before the interval).</summary>
    [JsonIgnore] public int WindowOffset => HopLength / 2 - WindowLength / 2;

    /// <summary>Frames a clip of <paramref name="sampleCount"/> samples yields: floor(N / hop).</summary>
    public long FrameCount(long sampleCount) => sampleCount <= 0 ? 0 : sampleCount / HopLength;

    /// <summary>The value every band takes on digital silence.</summary>
    [JsonIgnore] public float SilenceValue => (float)DeterministicMath.Log(LogEpsilon);

    /// <summary>Throws <see cref="EdgeAvatarException"/> (<see cref="ExitCodes.Config"/>) if this config is not computable.</summary>
    public void Validate()
    {
        static void Fail(string why) => throw new EdgeAvatarException(ExitCodes.Config, $"Audio feature config: {why}");
        if (Type != LogMelType) Fail($"type '{Type}' is not supported (this build computes '{LogMelType}').");
        if (SampleRate <= 0) Fail("sampleRate must be positive.");
        if (HopLength <= 0) Fail("hopLength must be positive.");
        if (FftSize < 2 || (FftSize & (FftSize - 1)) != 0) Fail("fftSize must be a power of two.");
        if (WindowLength < HopLength || WindowLength > FftSize)
            Fail("windowLength must be between hopLength and fftSize (frames must cover the whole signal).");
        if ((WindowLength - HopLength) % 2 != 0) Fail("windowLength − hopLength must be even (window centred on the hop).");
        if (MelBands <= 0) Fail("melBands must be positive.");
        if (!(FMin >= 0) || !(FMax > FMin) || FMax > SampleRate / 2.0) Fail("need 0 ≤ fMin < fMax ≤ sampleRate/2.");
        if (!(LogEpsilon > 0)) Fail("logEpsilon must be positive.");
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Parses and validates; malformed JSON or an unusable config is a <see cref="ExitCodes.Config"/> error.</summary>
    public static AudioFeatureConfig FromJson(string json)
    {
        AudioFeatureConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<AudioFeatureConfig>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new EdgeAvatarException(ExitCodes.Config, $"Audio feature config is not valid JSON: {ex.Message}", ex);
        }
        if (config is null) throw new EdgeAvatarException(ExitCodes.Config, "Audio feature config is empty (null).");
        config.Validate();
        return config;
    }

    internal static JsonSerializerOptions JsonOptions { get; } = new() { WriteIndented = true };
}
