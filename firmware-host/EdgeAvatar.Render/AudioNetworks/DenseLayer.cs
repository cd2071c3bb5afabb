namespace EdgeAvatar.Render.AudioNetworks;

/// <summary>
/// A linear layer with bias (PyTorch nn.Linear): weight [Out][In] row-major at <see cref="WeightOffset"/>, then
/// bias [Out] at <see cref="BiasOffset"/>, inside the caller's flat parameter buffer.
/// </summary>
/// <param name="In">Input width.</param>
/// <param name="Out">Output width.</param>
/// <param name="WeightOffset">First weight in the flat parameter buffer (floats).</param>
public readonly record struct DenseLayer(int In, int Out, int WeightOffset)
{
    public int BiasOffset => WeightOffset + In * Out;

    public int ParameterCount => In * Out + Out;
}
