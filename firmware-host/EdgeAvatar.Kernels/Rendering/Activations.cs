using System.Numerics.Tensors;

namespace EdgeAvatar.Kernels.Rendering;

/// <summary>
/// Output activations of the RAD-NeRF head networks (element-wise, SIMD via TensorPrimitives, in place allowed
/// where noted).
/// <para><b>Truncated exp</b> (density), as torch-ngp/RAD-NeRF's _trunc_exp: forward exp(x) unclamped; backward
/// g·exp(min(x, 15)) — the gradient is clamped from above only, which keeps a spiking density from producing huge
/// updates while leaving the forward exact. Forward overflows to +∞ above x ≈ 88.7; +∞ density is still a valid
/// α = 1 in the compositor (exp(−∞) = 0).</para>
/// <para><b>Sigmoid</b> (colour): forward 1/(1 + e^{−x}); backward from the output y: g·y·(1 − y).</para>
/// </summary>
public static class Activations
{
    /// <summary>Gradient clamp of the truncated exp (torch-ngp: exp(x.clamp(max=15))).</summary>
    public const float TruncExpGradientClamp = 15f;

    /// <summary>y = exp(x). y may alias x.</summary>
    public static void TruncExpForward(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckSame(x.Length, y.Length);
        TensorPrimitives.Exp(x, y);
    }

    /// <summary>dL/dx = dL/dy · exp(min(x, 15)). gradX may alias gradY (not x).</summary>
    public static void TruncExpBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> gradY, Span<float> gradX)
    {
        CheckSame(x.Length, gradY.Length);
        CheckSame(x.Length, gradX.Length);
        // Chunked through a stack buffer so gradX may alias gradY without a heap scratch array.
        Span<float> tmp = stackalloc float[256];
        for (int i = 0; i < x.Length; i += tmp.Length)
        {
            int len = Math.Min(tmp.Length, x.Length - i);
            Span<float> e = tmp[..len];
            TensorPrimitives.Min(x.Slice(i, len), TruncExpGradientClamp, e);
            TensorPrimitives.Exp(e, e);
            TensorPrimitives.Multiply(e, gradY.Slice(i, len), gradX.Slice(i, len));
        }
    }

    /// <summary>y = sigmoid(x). y may alias x.</summary>
    public static void SigmoidForward(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckSame(x.Length, y.Length);
        TensorPrimitives.Sigmoid(x, y);
    }

    /// <summary>dL/dx = dL/dy · y·(1 − y), from the forward output y. gradX may alias gradY.</summary>
    public static void SigmoidBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> gradY, Span<float> gradX)
    {
        CheckSame(y.Length, gradY.Length);
        CheckSame(y.Length, gradX.Length);
        for (int i = 0; i < y.Length; i++) gradX[i] = gradY[i] * y[i] * (1f - y[i]);
    }

    private static void CheckSame(int a, int b)
    {
        if (a != b) throw new ArgumentException($"Span lengths differ ({a} vs {b}).");
    }
}
