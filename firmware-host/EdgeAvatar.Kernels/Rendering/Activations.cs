using System.Numerics.Tensors;

namespace EdgeAvatar.Kernels.Rendering;

/// <summary>
/// Output activations of the RAD-NeRF head networks (element-wise, SIMD via TensorPrimitives, in place allowed
/// where noted).
/// <para><b>Truncated exp</b> (density), as torch-ngp/RAD-NeRF's _trunc_exp: forward exp(x) unclamped (only its
/// gradient is truncated, see the trainer's ActivationsBackward). Forward overflows to +∞ above x ≈ 88.7; +∞ density
/// is still a valid α = 1 in the compositor (exp(−∞) = 0).</para>
/// <para><b>Sigmoid</b> (colour): forward 1/(1 + e^{−x}).</para>
/// </summary>
public static class Activations
{
    /// <summary>y = exp(x). y may alias x.</summary>
    public static void TruncExpForward(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckSame(x.Length, y.Length);
        TensorPrimitives.Exp(x, y);
    }

    /// <summary>y = sigmoid(x). y may alias x.</summary>
    public static void SigmoidForward(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckSame(x.Length, y.Length);
        TensorPrimitives.Sigmoid(x, y);
    }

    /// <summary>Throws when two span lengths differ.</summary>
    public static void CheckSame(int a, int b)
    {
        if (a != b) throw new ArgumentException($"Span lengths differ ({a} vs {b}).");
    }
}
