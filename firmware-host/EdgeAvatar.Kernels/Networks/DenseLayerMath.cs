using System.Numerics.Tensors;

namespace EdgeAvatar.Kernels.Networks;

/// <summary>
/// One bias-free dense layer of the C# MLP references, shared so the plain and the FiLM forward compute each layer the
/// same way (bit for bit, which the FiLM test with a zero FiLM vector relies on).
/// </summary>
internal static class DenseLayerMath
{
    /// <summary>
    /// target[o] = act(Σ_i W[o, i] · input[i]) for o &lt; target.Length, with W row-major [out][in] starting at
    /// <paramref name="offset"/> in <paramref name="weights"/>.
    /// </summary>
    public static void Forward(float[] weights, int offset, ReadOnlySpan<float> input, Span<float> target, MlpActivation act)
    {
        int inW = input.Length;
        for (int o = 0; o < target.Length; o++)
        {
            float s = TensorPrimitives.Dot(new ReadOnlySpan<float>(weights, offset + o * inW, inW), input);
            target[o] = act == MlpActivation.ReLU ? MathF.Max(s, 0f) : s;
        }
    }
}
