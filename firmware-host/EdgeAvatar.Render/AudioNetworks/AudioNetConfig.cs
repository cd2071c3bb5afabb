using System.Text.Json.Serialization;
using EdgeAvatar.Kernels;

namespace EdgeAvatar.Render.AudioNetworks;

/// <summary>
/// The audio encoder (RAD-NeRF's AudioNet) and its temporal smoother (AudioAttNet), described as data with a
/// <see cref="Type"/> tag (tiny-cuda-nn style).
/// <para>AudioNet: a window of <see cref="WindowFrames"/> log-mel frames (channels = <see cref="MelBands"/>, time =
/// frames) → one Conv1d(k 3, stride 2, pad 1, bias) + LeakyReLU per entry of <see cref="ConvChannels"/> (time halves,
/// rounding up, each time and must reach exactly 1) → Linear(last channels → <see cref="HiddenWidth"/>) + LeakyReLU →
/// Linear(→ <see cref="OutputWidth"/>), biases everywhere.</para>
/// <para>AudioAttNet: the <see cref="AttentionFrames"/> neighbouring codes as a sequence (channels = code dims,
/// time = frames) → Conv1d(k 3, stride 1, pad 1, bias) + LeakyReLU per entry of <see cref="AttentionChannels"/>
/// (the last must be 1) → Linear(frames → frames, bias) → softmax over frames → weighted sum of the codes.</para>
/// <para>Parameter layouts: AudioNet = its conv layers then its two dense layers, back to back (see
/// <see cref="Conv1dLayer"/>, <see cref="DenseLayer"/>); AudioAttNet likewise in its own buffer.
/// Arrays compare by reference under record equality; treat a config as immutable.</para>
/// </summary>
public sealed record AudioNetConfig
{
    public const string TypeName = "AudioNet";

    public string Type { get; init; } = TypeName;

    public int MelBands { get; init; } = 80;

    public int WindowFrames { get; init; } = 16;

    public int[] ConvChannels { get; init; } = [32, 32, 64, 64];

    public int HiddenWidth { get; init; } = 64;

    public int OutputWidth { get; init; } = 32;

    /// <summary>Negative-side slope of every LeakyReLU, in [0, 1).</summary>
    public float LeakySlope { get; init; } = 0.02f;

    /// <summary>Neighbouring frames the attention smooths over (RAD-NeRF: 8, frames i−4 .. i+3).</summary>
    public int AttentionFrames { get; init; } = 8;

    /// <summary>AudioAttNet conv output channels; RAD-NeRF: 16, 8, 4, 2, 1. The last must be 1.</summary>
    public int[] AttentionChannels { get; init; } = [16, 8, 4, 2, 1];

    /// <summary>
    /// Outputs of the training-only mouth probe: a linear read-out (code → this many measures of the recorded mouth,
    /// trainer/EdgeAvatar.Train/Data/MouthShapeTargets.cs) whose loss makes the code carry the mouth's state from
    /// the first steps. Rendering never reads it. 0 (no probe) in files made before it existed.
    /// </summary>
    public int MouthTargets { get; init; }

    /// <summary>RAD-NeRF's sizes: 80 mel bands, 16-frame window, 64-d code, 8-frame attention; plus the mouth probe.</summary>
    public static AudioNetConfig RadNerf { get; } = new() { OutputWidth = 64, MouthTargets = 4 };

    /// <summary>The mouth probe's one dense layer (code → targets), in its own parameter block.</summary>
    [JsonIgnore]
    public DenseLayer MouthProbe => new(OutputWidth, MouthTargets, 0);

    /// <summary>AudioNet's conv layers in order (requires a valid config).</summary>
    [JsonIgnore]
    public IReadOnlyList<Conv1dLayer> ConvLayers
    {
        get
        {
            var layers = new Conv1dLayer[ConvChannels.Length];
            int offset = 0, channels = MelBands, length = WindowFrames;
            for (int l = 0; l < layers.Length; l++)
            {
                layers[l] = new Conv1dLayer(channels, ConvChannels[l], length, 2, offset);
                offset += layers[l].ParameterCount;
                channels = ConvChannels[l];
                length = layers[l].OutLength;
            }
            return layers;
        }
    }

    /// <summary>AudioNet's two dense layers: [0] conv features → hidden, [1] hidden → code.</summary>
    [JsonIgnore]
    public IReadOnlyList<DenseLayer> DenseLayers
    {
        get
        {
            int offset = 0, conv = ConvChannels.Length == 0 ? MelBands : ConvChannels[^1];
            foreach (Conv1dLayer c in ConvLayers)
                offset += c.ParameterCount;
            var first = new DenseLayer(conv, HiddenWidth, offset);
            return [first, new DenseLayer(HiddenWidth, OutputWidth, offset + first.ParameterCount)];
        }
    }

    /// <summary>AudioAttNet's conv layers in order (stride 1, so time stays <see cref="AttentionFrames"/>).</summary>
    [JsonIgnore]
    public IReadOnlyList<Conv1dLayer> AttentionConvLayers
    {
        get
        {
            var layers = new Conv1dLayer[AttentionChannels.Length];
            int offset = 0, channels = OutputWidth;
            for (int l = 0; l < layers.Length; l++)
            {
                layers[l] = new Conv1dLayer(channels, AttentionChannels[l], AttentionFrames, 1, offset);
                offset += layers[l].ParameterCount;
                channels = AttentionChannels[l];
            }
            return layers;
        }
    }

    /// <summary>AudioAttNet's frames → frames dense layer (before the softmax).</summary>
    [JsonIgnore]
    public DenseLayer AttentionDense
    {
        get
        {
            int offset = 0;
            foreach (Conv1dLayer c in AttentionConvLayers)
                offset += c.ParameterCount;
            return new DenseLayer(AttentionFrames, AttentionFrames, offset);
        }
    }

    /// <summary>Floats in one AudioNet input window: WindowFrames × MelBands.</summary>
    [JsonIgnore]
    public int WindowFloats => WindowFrames * MelBands;

    /// <summary>AudioNet parameters (weights and biases).</summary>
    [JsonIgnore]
    public int ParameterCount
    {
        get
        {
            DenseLayer last = DenseLayers[1];
            return last.BiasOffset + last.Out;
        }
    }

    /// <summary>AudioAttNet parameters (weights and biases).</summary>
    [JsonIgnore]
    public int AttentionParameterCount
    {
        get
        {
            DenseLayer d = AttentionDense;
            return d.BiasOffset + d.Out;
        }
    }

    /// <summary>Every problem with this config, each naming its field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Type != TypeName)
            problems.Add($"Type is '{Type}', expected '{TypeName}'.");
        if (MelBands is < 1 or > 1024)
            problems.Add($"MelBands is {MelBands}; it must be between 1 and 1024.");
        if (WindowFrames is < 1 or > 1024)
            problems.Add($"WindowFrames is {WindowFrames}; it must be between 1 and 1024.");
        if (ConvChannels is null || ConvChannels.Length == 0)
            problems.Add("ConvChannels is empty; AudioNet needs at least one conv layer.");
        else
        {
            if (ConvChannels.Any(c => c is < 1 or > 4096))
                problems.Add($"ConvChannels ({string.Join(", ", ConvChannels)}) must all be between 1 and 4096.");
            int length = WindowFrames;
            foreach (int _ in ConvChannels)
                length = (length - 1) / 2 + 1;
            if (WindowFrames >= 1 && length != 1)
                problems.Add($"WindowFrames {WindowFrames} shrinks to {length} time steps after {ConvChannels.Length} "
                    + "stride-2 convs, not 1; use a window of 2^layers frames or change ConvChannels.");
        }
        if (HiddenWidth is < 1 or > 4096)
            problems.Add($"HiddenWidth is {HiddenWidth}; it must be between 1 and 4096.");
        if (OutputWidth is < 1 or > 4096)
            problems.Add($"OutputWidth is {OutputWidth}; it must be between 1 and 4096.");
        if (!(LeakySlope is >= 0f and < 1f))
            problems.Add($"LeakySlope is {LeakySlope}; it must be in [0, 1).");
        if (MouthTargets is < 0 or > 64)
            problems.Add($"MouthTargets is {MouthTargets}; it must be between 0 and 64.");
        if (AttentionFrames is < 1 or > 1024)
            problems.Add($"AttentionFrames is {AttentionFrames}; it must be between 1 and 1024.");
        if (AttentionChannels is null || AttentionChannels.Length == 0)
            problems.Add("AttentionChannels is empty; AudioAttNet needs at least one conv layer.");
        else
        {
            if (AttentionChannels.Any(c => c is < 1 or > 4096))
                problems.Add($"AttentionChannels ({string.Join(", ", AttentionChannels)}) must all be between 1 and 4096.");
            if (AttentionChannels[^1] != 1)
                problems.Add($"AttentionChannels ends with {AttentionChannels[^1]}; the last conv must output 1 channel "
                    + "(one score per frame).");
        }
        return problems;
    }

    /// <summary>Throws <see cref="KernelConfigException"/> listing every problem, or returns this config.</summary>
    public AudioNetConfig EnsureValid()
    {
        var problems = Validate();
        return problems.Count == 0 ? this : throw new KernelConfigException("audio net config", problems);
    }
}
