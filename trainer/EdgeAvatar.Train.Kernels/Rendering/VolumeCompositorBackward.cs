using EdgeAvatar.Kernels.Rendering;

namespace EdgeAvatar.Train.Kernels.Rendering;

/// <summary>
/// Backward of <see cref="VolumeCompositor"/> (the forward runs on the device too; its derivative only in training).
/// <para>It is the exact derivative of the forward as computed, including the termination (the set of
/// used samples is piecewise constant in σ, so the gradient is exact everywhere except on the measure-zero switching
/// surfaces; unused samples get zero gradient, which is their true derivative). With S_i = Σ_{j&gt;i} w_j·c_j:
/// ∂C/∂c_i = w_i, ∂C/∂σ_i = dt_i·(T_{i+1}·c_i − S_i), ∂W/∂σ_i = dt_i·T_m, ∂D/∂σ_i = dt_i·(T_{i+1}·t_i − Σ_{j&gt;i} w_j t_j)
/// — the same expressions as torch-ngp's composite_rays_train_backward. Gradients are written (not accumulated).</para>
/// </summary>
public static class VolumeCompositorBackward
{
    private const int ChunkRays = 512;

    /// <summary>Backward of <see cref="VolumeCompositor.Forward(RaySamples, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, float)"/>.</summary>
    public static void Backward(RaySamples samples, ReadOnlySpan<float> sigma, ReadOnlySpan<float> rgb,
        ReadOnlySpan<float> gradColor, ReadOnlySpan<float> gradOpacity, ReadOnlySpan<float> gradDepth,
        Span<float> gradSigma, Span<float> gradRgb, float threshold = VolumeCompositor.DefaultTransmittanceThreshold)
    {
        ArgumentNullException.ThrowIfNull(samples);
        Backward(samples.RayOffsets, samples.T, samples.Dt, sigma, rgb, gradColor, gradOpacity, gradDepth,
            gradSigma, gradRgb, threshold);
    }

    /// <summary>
    /// dL/dσ and dL/drgb per sample from dL/dC (N × 3), dL/dW (N; may be empty = 0) and dL/dD (N; may be empty = 0).
    /// Recomputes the forward per ray (cheap next to the networks), so it needs no saved state.
    /// </summary>
    public static unsafe void Backward(ReadOnlySpan<int> rayOffsets, ReadOnlySpan<float> t, ReadOnlySpan<float> dt,
        ReadOnlySpan<float> sigma, ReadOnlySpan<float> rgb, ReadOnlySpan<float> gradColor,
        ReadOnlySpan<float> gradOpacity, ReadOnlySpan<float> gradDepth, Span<float> gradSigma, Span<float> gradRgb,
        float threshold = VolumeCompositor.DefaultTransmittanceThreshold)
    {
        int n = VolumeCompositor.CheckLayout(rayOffsets, t, dt, sigma, rgb);
        int m = sigma.Length;
        if (gradColor.Length != 3 * n) throw new ArgumentException($"gradColor needs {3 * n} floats.", nameof(gradColor));
        if (gradOpacity.Length != n && !gradOpacity.IsEmpty) throw new ArgumentException($"gradOpacity needs {n} floats or none.", nameof(gradOpacity));
        if (gradDepth.Length != n && !gradDepth.IsEmpty) throw new ArgumentException($"gradDepth needs {n} floats or none.", nameof(gradDepth));
        if (gradSigma.Length != m) throw new ArgumentException($"gradSigma needs {m} floats.", nameof(gradSigma));
        if (gradRgb.Length != 3 * m) throw new ArgumentException($"gradRgb needs {3 * m} floats.", nameof(gradRgb));
        bool hasW = !gradOpacity.IsEmpty, hasD = !gradDepth.IsEmpty;

        fixed (int* offP = rayOffsets)
        fixed (float* tP = t, dtP = dt, sP = sigma, cP = rgb, gcP = gradColor, gwP = gradOpacity, gdP = gradDepth,
               gsP = gradSigma, grP = gradRgb)
        {
            nint off = (nint)offP, tt = (nint)tP, dd = (nint)dtP, ss = (nint)sP, cc = (nint)cP, gc = (nint)gcP,
                gw = (nint)gwP, gd = (nint)gdP, gs = (nint)gsP, gr = (nint)grP;
            Parallel.For(0, (n + ChunkRays - 1) / ChunkRays, chunk =>
            {
                int end = Math.Min(n, (chunk + 1) * ChunkRays);
                for (int r = chunk * ChunkRays; r < end; r++)
                {
                    int first = ((int*)off)[r], last = ((int*)off)[r + 1];
                    float* ts = (float*)tt, dts = (float*)dd, sig = (float*)ss, col = (float*)cc;
                    CompositedRay fin = VolumeCompositor.Accumulate(first, last, ts, dts, sig, col, threshold);
                    float gR = ((float*)gc)[3 * r], gG = ((float*)gc)[3 * r + 1], gB = ((float*)gc)[3 * r + 2];
                    float gW = hasW ? ((float*)gw)[r] : 0f, gD = hasD ? ((float*)gd)[r] : 0f;
                    float* gSig = (float*)gs, gRgb = (float*)gr;

                    float T = 1f, pr = 0f, pg = 0f, pb = 0f, pd = 0f;
                    int used = first + fin.Used;
                    for (int i = first; i < used; i++)
                    {
                        float alpha = 1f - MathF.Exp(-sig[i] * dts[i]);
                        float w = T * alpha;
                        float cr = col[3 * i], cg = col[3 * i + 1], cb = col[3 * i + 2];
                        pr += w * cr; pg += w * cg; pb += w * cb; pd += w * ts[i];
                        T *= 1f - alpha;
                        gRgb[3 * i] = gR * w; gRgb[3 * i + 1] = gG * w; gRgb[3 * i + 2] = gB * w;
                        // Suffix sums as final − prefix (torch-ngp's form); float cancellation is ~1e-7 relative.
                        gSig[i] = dts[i] * (gR * (T * cr - (fin.R - pr)) + gG * (T * cg - (fin.G - pg))
                                            + gB * (T * cb - (fin.B - pb)) + gW * fin.TFinal
                                            + gD * (T * ts[i] - (fin.D - pd)));
                    }
                    for (int i = used; i < last; i++)
                    {
                        gSig[i] = 0f;
                        gRgb[3 * i] = 0f; gRgb[3 * i + 1] = 0f; gRgb[3 * i + 2] = 0f;
                    }
                }
            });
        }
    }

    /// <summary>
    /// Backward of <see cref="VolumeCompositor.ComposeOver"/>: dL/dC = g; dL/dW = −Σ_c g_c·below_c; dL/dbelow = (1 − W)·g.
    /// Writes gradColor and gradOpacity; gradBelow may be empty (a fixed background needs no gradient).
    /// </summary>
    public static void ComposeOverBackward(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> opacity,
        ReadOnlySpan<float> below, Span<float> gradColor, Span<float> gradOpacity, Span<float> gradBelow)
    {
        int n = opacity.Length;
        if (gradOutput.Length != 3 * n || below.Length != 3 * n || gradColor.Length != 3 * n || gradOpacity.Length != n
            || (gradBelow.Length != 3 * n && !gradBelow.IsEmpty))
            throw new ArgumentException("Gradient buffer sizes do not match the ray count.");
        for (int r = 0; r < n; r++)
        {
            float k = 1f - opacity[r], gw = 0f;
            for (int c = 0; c < 3; c++)
            {
                float g = gradOutput[3 * r + c];
                gradColor[3 * r + c] = g;
                gw -= g * below[3 * r + c];
                if (!gradBelow.IsEmpty) gradBelow[3 * r + c] = k * g;
            }
            gradOpacity[r] = gw;
        }
    }
}
