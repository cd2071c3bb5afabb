using System.Text.Json.Serialization;

namespace EdgeAvatar.Kernels.Networks;

/// <summary>
/// A fused, bias-free MLP: InputWidth → (HiddenWidth × HiddenLayers) → OutputWidth, i.e. HiddenLayers + 1 linear
/// layers, <see cref="Activation"/> after every hidden layer and <see cref="OutputActivation"/> after the last.
/// Described as data with a <see cref="Type"/> tag (tiny-cuda-nn style).
/// <para>Weight layout (the public float[] everywhere in this project): layers back to back, each row-major
/// [out][in] like PyTorch's nn.Linear.weight, so layer k's element (o, i) sits at
/// <see cref="LayerWeightOffset"/>(k) + o * in_k + i.</para>
/// </summary>
public sealed record MlpConfig
{
    /// <summary>The only accepted <see cref="Type"/> tag.</summary>
    public const string TypeName = "FusedMlp";

    public const int MaxInputWidth = 128;
    public const int MaxHiddenWidth = 64;
    public const int MaxHiddenLayers = 8;
    public const int MaxOutputWidth = 128;

    /// <summary>The device keeps all weights in one uniform buffer of this size, 4x4-blocked and zero padded.</summary>
    public const int MaxPackedWeightBytes = 64 * 1024;

    public string Type { get; init; } = TypeName;

    public int InputWidth { get; init; } = 32;

    public int HiddenWidth { get; init; } = 64;

    /// <summary>Number of hidden layers (each HiddenWidth wide); 0 makes a single linear layer.</summary>
    public int HiddenLayers { get; init; } = 2;

    public int OutputWidth { get; init; } = 4;

    public MlpActivation Activation { get; init; } = MlpActivation.ReLU;

    public MlpActivation OutputActivation { get; init; } = MlpActivation.None;

    public MlpWeightPrecision WeightPrecision { get; init; } = MlpWeightPrecision.Fp32;

    /// <summary>RAD-NeRF's sigma net: (32 spatial + 32 audio + 1 eye) → 64 → 64 → (1 density + 64 geometry).</summary>
    public static MlpConfig RadNerfSigma { get; } = new()
    {
        InputWidth = 65, HiddenWidth = 64, HiddenLayers = 2, OutputWidth = 65,
    };

    [JsonIgnore]
    public int LayerCount => HiddenLayers + 1;

    /// <summary>Input width of linear layer <paramref name="layer"/>.</summary>
    public int LayerInputWidth(int layer) => layer == 0 ? InputWidth : HiddenWidth;

    /// <summary>Output width of linear layer <paramref name="layer"/>.</summary>
    public int LayerOutputWidth(int layer) => layer == HiddenLayers ? OutputWidth : HiddenWidth;

    /// <summary>Index of layer <paramref name="layer"/>'s first weight in the flat weight array.</summary>
    public int LayerWeightOffset(int layer)
    {
        int offset = 0;
        for (int k = 0; k < layer; k++)
            offset += LayerInputWidth(k) * LayerOutputWidth(k);
        return offset;
    }

    /// <summary>Total number of weights (no biases).</summary>
    [JsonIgnore]
    public int ParameterCount => LayerWeightOffset(LayerCount);

    /// <summary>Multiply-adds per point (a FLOP count is twice this).</summary>
    [JsonIgnore]
    public long MultiplyAddsPerPoint => ParameterCount;

    /// <summary>Bytes of the 4x4-blocked, zero-padded weights on the device at <see cref="WeightPrecision"/>.</summary>
    [JsonIgnore]
    public long PackedWeightBytes
    {
        get
        {
            long blocks = 0;
            for (int k = 0; k < LayerCount; k++)
                blocks += (long)((LayerOutputWidth(k) + 3) / 4) * ((LayerInputWidth(k) + 3) / 4);
            return blocks * 16 * (WeightPrecision == MlpWeightPrecision.Fp16 ? 2 : 4);
        }
    }

    /// <summary>Every problem with this config, each naming its field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Type != TypeName)
            problems.Add($"Type is '{Type}', expected '{TypeName}'.");
        if (InputWidth is < 1 or > MaxInputWidth)
            problems.Add($"InputWidth is {InputWidth}; it must be between 1 and {MaxInputWidth}.");
        if (HiddenWidth is < 1 or > MaxHiddenWidth)
            problems.Add($"HiddenWidth is {HiddenWidth}; it must be between 1 and {MaxHiddenWidth} "
                + "(the fused kernel keeps a whole hidden layer per invocation).");
        if (HiddenLayers is < 0 or > MaxHiddenLayers)
            problems.Add($"HiddenLayers is {HiddenLayers}; it must be between 0 and {MaxHiddenLayers}.");
        if (OutputWidth is < 1 or > MaxOutputWidth)
            problems.Add($"OutputWidth is {OutputWidth}; it must be between 1 and {MaxOutputWidth}.");
        if (!Enum.IsDefined(Activation))
            problems.Add($"Activation {(int)Activation} is not one of None, ReLU.");
        if (!Enum.IsDefined(OutputActivation))
            problems.Add($"OutputActivation {(int)OutputActivation} is not one of None, ReLU.");
        if (!Enum.IsDefined(WeightPrecision))
            problems.Add($"WeightPrecision {(int)WeightPrecision} is not one of Fp32, Fp16.");
        if (problems.Count == 0 && PackedWeightBytes > MaxPackedWeightBytes)
            problems.Add($"the weights take {PackedWeightBytes} bytes once 4x4-blocked at {WeightPrecision}, more "
                + $"than the {MaxPackedWeightBytes}-byte uniform buffer; narrow the layers or use Fp16 weights.");
        return problems;
    }

    /// <summary>Throws <see cref="KernelConfigException"/> listing every problem, or returns this config.</summary>
    public MlpConfig EnsureValid()
    {
        var problems = Validate();
        return problems.Count == 0 ? this : throw new KernelConfigException("MLP config", problems);
    }
}
