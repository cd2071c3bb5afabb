namespace EdgeAvatar.Render.AudioNetworks;

/// <summary>
/// Shape and parameter placement of one Conv1d layer (kernel <see cref="KernelSize"/>, zero padding
/// <see cref="Padding"/>, with bias), as PyTorch's nn.Conv1d stores it.
/// <para>Activation layout: [channel][time], channel-major. Parameter layout inside the caller's flat buffer:
/// weight [OutChannels][InChannels][KernelSize] at <see cref="WeightOffset"/>, then bias [OutChannels] at
/// <see cref="BiasOffset"/>.</para>
/// </summary>
/// <param name="InChannels">Input channels (≥ 1).</param>
/// <param name="OutChannels">Output channels (≥ 1).</param>
/// <param name="InLength">Input time steps.</param>
/// <param name="Stride">Time stride (1 or 2 here).</param>
/// <param name="WeightOffset">First weight in the flat parameter buffer (floats).</param>
public readonly record struct Conv1dLayer(int InChannels, int OutChannels, int InLength, int Stride, int WeightOffset)
{
    public const int KernelSize = 3;

    public const int Padding = 1;

    /// <summary>floor((InLength + 2·Padding − KernelSize) / Stride) + 1, PyTorch's output length.</summary>
    public int OutLength => (InLength + 2 * Padding - KernelSize) / Stride + 1;

    public int BiasOffset => WeightOffset + OutChannels * InChannels * KernelSize;

    public int ParameterCount => OutChannels * InChannels * KernelSize + OutChannels;

    /// <summary>PyTorch's fan-in for the default init bound 1/√fan_in.</summary>
    public int FanIn => InChannels * KernelSize;

    public int InputFloats => InChannels * InLength;

    public int OutputFloats => OutChannels * OutLength;
}
