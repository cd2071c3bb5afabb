using System.Numerics.Tensors;
using EdgeAvatar.Kernels.Rendering;

namespace EdgeAvatar.Train.Kernels.Rendering;

/// <summary>
/// Backward of the head networks' output <see cref="Activations"/> (element-wise).
/// <para><b>Truncated exp</b>: g·exp(min(x, 15)), as torch-ngp/RAD-NeRF's _trunc_exp — the gradient is clamped from
/// above only, which keeps a spiking density from producing huge updates while leaving the forward exact.</para>
/// <para><b>Sigmoid</b>: from the forward output y, g·y·(1 − y).</para>
/// </summary>
public static class ActivationsBackward
{
    /// <summary>Gradient clamp of the truncated exp (torch-ngp: exp(x.clamp(max=15))).</summary>
    public const float TruncExpGradientClamp = 15f;

    /// <summary>dL/dx = dL/dy · exp(min(x, 15)). gradX may alias gradY (not x).</summary>
    public static void TruncExpBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> gradY, Span<float> gradX)
    {
        Activations.CheckSame(x.Length, gradY.Length);
        Activations.CheckSame(x.Length, gradX.Length);
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

    /// <summary>dL/dx = dL/dy · y·(1 − y), from the forward output y. gradX may alias gradY.</summary>
    public static void SigmoidBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> gradY, Span<float> gradX)
    {
        Activations.CheckSame(y.Length, gradY.Length);
        Activations.CheckSame(y.Length, gradX.Length);
        for (int i = 0; i < y.Length; i++) gradX[i] = gradY[i] * y[i] * (1f - y[i]);
    }
}
