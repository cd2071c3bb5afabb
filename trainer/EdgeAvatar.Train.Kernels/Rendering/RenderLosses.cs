namespace EdgeAvatar.Train.Kernels.Rendering;

/// <summary>
/// Training losses on rendered rays, forward (returns the scalar) and backward (writes dL/dprediction scaled by the
/// upstream gradient of the scalar, e.g. the loss weight). All are means over the elements, so gradients carry 1/n.
/// Backward methods write (do not accumulate): the trainer sums several losses' gradients itself.
/// <list type="bullet">
/// <item>MSE: mean (p − y)²; d/dp = 2(p − y)/n.</item>
/// <item>L1: mean |p − y|; d/dp = sign(p − y)/n with sign(0) = 0 (torch's subgradient).</item>
/// <item>Entropy on opacity W (RAD-NeRF, weight 1e-4 there): a = clamp(W, 1e-5, 1 − 1e-5),
/// h = −a·log2 a − (1 − a)·log2(1 − a), mean over rays; d/dW = log2((1 − a)/a)/n inside [1e-5, 1 − 1e-5] and 0 outside
/// (torch's clamp passes the gradient only inside its closed range). The clamp is the epsilon guard that keeps
/// log2 finite at W = 0 or 1.</item>
/// </list>
/// Sums are accumulated in double so the mean does not depend on batch order or size.
/// </summary>
public static class RenderLosses
{
    /// <summary>RAD-NeRF's clamp epsilon for the entropy loss.</summary>
    public const float EntropyEpsilon = 1e-5f;

    /// <summary>mean (p − y)².</summary>
    public static float MseForward(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target)
    {
        Check(prediction, target);
        if (prediction.IsEmpty) return 0f;
        double s = 0;
        for (int i = 0; i < prediction.Length; i++) { double d = prediction[i] - target[i]; s += d * d; }
        return (float)(s / prediction.Length);
    }

    /// <summary>gradPrediction = gradLoss · 2(p − y)/n.</summary>
    public static void MseBackward(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, float gradLoss,
        Span<float> gradPrediction)
    {
        Check(prediction, target, gradPrediction);
        float k = prediction.IsEmpty ? 0f : 2f * gradLoss / prediction.Length;
        for (int i = 0; i < prediction.Length; i++) gradPrediction[i] = k * (prediction[i] - target[i]);
    }

    /// <summary>mean |p − y|.</summary>
    public static float L1Forward(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target)
    {
        Check(prediction, target);
        if (prediction.IsEmpty) return 0f;
        double s = 0;
        for (int i = 0; i < prediction.Length; i++) s += Math.Abs(prediction[i] - target[i]);
        return (float)(s / prediction.Length);
    }

    /// <summary>gradPrediction = gradLoss · sign(p − y)/n.</summary>
    public static void L1Backward(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, float gradLoss,
        Span<float> gradPrediction)
    {
        Check(prediction, target, gradPrediction);
        float k = prediction.IsEmpty ? 0f : gradLoss / prediction.Length;
        for (int i = 0; i < prediction.Length; i++) gradPrediction[i] = k * MathF.Sign(prediction[i] - target[i]);
    }

    /// <summary>Mean binary entropy (bits) of the clamped opacities.</summary>
    public static float EntropyForward(ReadOnlySpan<float> opacity)
    {
        if (opacity.IsEmpty) return 0f;
        double s = 0;
        foreach (float w in opacity)
        {
            double a = Math.Clamp(w, EntropyEpsilon, 1f - EntropyEpsilon);
            s += -a * Math.Log2(a) - (1 - a) * Math.Log2(1 - a);
        }
        return (float)(s / opacity.Length);
    }

    /// <summary>gradOpacity = gradLoss · log2((1 − a)/a)/n inside the clamp range, 0 outside.</summary>
    public static void EntropyBackward(ReadOnlySpan<float> opacity, float gradLoss, Span<float> gradOpacity)
    {
        if (gradOpacity.Length != opacity.Length) throw new ArgumentException("Length mismatch.", nameof(gradOpacity));
        double k = opacity.IsEmpty ? 0 : (double)gradLoss / opacity.Length;
        const float lo = EntropyEpsilon, hi = 1f - EntropyEpsilon;
        for (int i = 0; i < opacity.Length; i++)
        {
            float w = opacity[i];
            gradOpacity[i] = w >= lo && w <= hi ? (float)(k * Math.Log2((1.0 - w) / w)) : 0f;
        }
    }

    private static void Check(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"prediction ({a.Length}) and target ({b.Length}) differ in length.");
    }

    private static void Check(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> g)
    {
        Check(a, b);
        if (g.Length != a.Length) throw new ArgumentException($"gradient has {g.Length} floats, needs {a.Length}.");
    }
}
