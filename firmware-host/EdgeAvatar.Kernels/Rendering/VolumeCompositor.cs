namespace EdgeAvatar.Kernels.Rendering;

/// <summary>
/// Emission–absorption compositing of packed samples (forward and backward), and compositing over what lies below.
/// <para>Per ray with samples i = 0..n−1 (in t order): α_i = 1 − exp(−σ_i·dt_i), T_0 = 1, T_{i+1} = T_i·(1 − α_i),
/// w_i = T_i·α_i; colour C = Σ w_i·c_i, opacity W = Σ w_i = 1 − T_m, depth D = Σ w_i·t_i. Early termination: the
/// loop stops after the first sample with T_{i+1} &lt; threshold (1e-4, RAD-NeRF's T_thresh), so that sample is
/// included and later ones are not (m = samples used). σ is the activated density (≥ 0), c the activated colour.</para>
/// <para><b>Backward</b> is the exact derivative of this forward as computed, including the termination (the set of
/// used samples is piecewise constant in σ, so the gradient is exact everywhere except on the measure-zero switching
/// surfaces; unused samples get zero gradient, which is their true derivative). With S_i = Σ_{j&gt;i} w_j·c_j:
/// ∂C/∂c_i = w_i, ∂C/∂σ_i = dt_i·(T_{i+1}·c_i − S_i), ∂W/∂σ_i = dt_i·T_m, ∂D/∂σ_i = dt_i·(T_{i+1}·t_i − Σ_{j&gt;i} w_j t_j)
/// — the same expressions as torch-ngp's composite_rays_train_backward. Gradients are written (not accumulated).</para>
/// <para>Layouts: rays are described by prefix offsets (ray r owns samples [off[r], off[r+1])), sample arrays are
/// sample-major (rgb: 3 per sample), per-ray outputs ray-major (colour: 3 per ray).</para>
/// </summary>
public static class VolumeCompositor
{
    /// <summary>RAD-NeRF's transmittance cutoff.</summary>
    public const float DefaultTransmittanceThreshold = 1e-4f;

    private const int ChunkRays = 512;

    /// <summary>Composites the samples of <paramref name="samples"/>; see the summary.</summary>
    public static void Forward(RaySamples samples, ReadOnlySpan<float> sigma, ReadOnlySpan<float> rgb,
        Span<float> color, Span<float> opacity, Span<float> depth, float threshold = DefaultTransmittanceThreshold)
    {
        ArgumentNullException.ThrowIfNull(samples);
        Forward(samples.RayOffsets, samples.T, samples.Dt, sigma, rgb, color, opacity, depth, threshold);
    }

    /// <summary>Composites N = rayOffsets.Length − 1 rays. <paramref name="depth"/> may be empty (not computed).</summary>
    public static unsafe void Forward(ReadOnlySpan<int> rayOffsets, ReadOnlySpan<float> t, ReadOnlySpan<float> dt,
        ReadOnlySpan<float> sigma, ReadOnlySpan<float> rgb, Span<float> color, Span<float> opacity, Span<float> depth,
        float threshold = DefaultTransmittanceThreshold)
    {
        int n = CheckLayout(rayOffsets, t, dt, sigma, rgb);
        if (color.Length != 3 * n) throw new ArgumentException($"color needs {3 * n} floats.", nameof(color));
        if (opacity.Length != n) throw new ArgumentException($"opacity needs {n} floats.", nameof(opacity));
        if (depth.Length != n && !depth.IsEmpty) throw new ArgumentException($"depth needs {n} floats or none.", nameof(depth));
        bool wantDepth = !depth.IsEmpty;

        fixed (int* offP = rayOffsets)
        fixed (float* tP = t, dtP = dt, sP = sigma, cP = rgb, colP = color, opP = opacity, dP = depth)
        {
            nint off = (nint)offP, tt = (nint)tP, dd = (nint)dtP, ss = (nint)sP, cc = (nint)cP,
                col = (nint)colP, op = (nint)opP, dep = (nint)dP;
            Parallel.For(0, (n + ChunkRays - 1) / ChunkRays, chunk =>
            {
                int end = Math.Min(n, (chunk + 1) * ChunkRays);
                for (int r = chunk * ChunkRays; r < end; r++)
                {
                    Ray ray = Accumulate(((int*)off)[r], ((int*)off)[r + 1], (float*)tt, (float*)dd, (float*)ss,
                        (float*)cc, threshold);
                    float* c = (float*)col + 3 * r;
                    c[0] = ray.R; c[1] = ray.G; c[2] = ray.B;
                    ((float*)op)[r] = ray.W;
                    if (wantDepth) ((float*)dep)[r] = ray.D;
                }
            });
        }
    }

    /// <summary>Backward of <see cref="Forward(RaySamples, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, float)"/>.</summary>
    public static void Backward(RaySamples samples, ReadOnlySpan<float> sigma, ReadOnlySpan<float> rgb,
        ReadOnlySpan<float> gradColor, ReadOnlySpan<float> gradOpacity, ReadOnlySpan<float> gradDepth,
        Span<float> gradSigma, Span<float> gradRgb, float threshold = DefaultTransmittanceThreshold)
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
        float threshold = DefaultTransmittanceThreshold)
    {
        int n = CheckLayout(rayOffsets, t, dt, sigma, rgb);
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
                    Ray fin = Accumulate(first, last, ts, dts, sig, col, threshold);
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
    /// out = C + (1 − W)·below per ray (RAD-NeRF: head over torso-over-background). below is N × 3 (per-ray colour,
    /// e.g. the background image gathered at the ray's pixel).
    /// </summary>
    public static void ComposeOver(ReadOnlySpan<float> color, ReadOnlySpan<float> opacity, ReadOnlySpan<float> below,
        Span<float> output)
    {
        int n = opacity.Length;
        if (color.Length != 3 * n || below.Length != 3 * n || output.Length != 3 * n)
            throw new ArgumentException($"color, below and output need {3 * n} floats.");
        for (int r = 0; r < n; r++)
        {
            float k = 1f - opacity[r];
            for (int c = 0; c < 3; c++) output[3 * r + c] = color[3 * r + c] + k * below[3 * r + c];
        }
    }

    /// <summary>
    /// Backward of <see cref="ComposeOver"/>: dL/dC = g; dL/dW = −Σ_c g_c·below_c; dL/dbelow = (1 − W)·g.
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

    private readonly record struct Ray(float R, float G, float B, float W, float D, float TFinal, int Used);

    // The forward loop shared by Forward and Backward, so both see the same terminated sample set.
    private static unsafe Ray Accumulate(int first, int last, float* t, float* dt, float* sigma, float* rgb, float threshold)
    {
        float T = 1f, r = 0f, g = 0f, b = 0f, ws = 0f, d = 0f;
        int i = first;
        while (i < last)
        {
            float alpha = 1f - MathF.Exp(-sigma[i] * dt[i]);
            float w = T * alpha;
            r += w * rgb[3 * i]; g += w * rgb[3 * i + 1]; b += w * rgb[3 * i + 2];
            ws += w; d += w * t[i];
            T *= 1f - alpha;
            i++;
            if (T < threshold) break;
        }
        return new Ray(r, g, b, ws, d, T, i - first);
    }

    private static int CheckLayout(ReadOnlySpan<int> rayOffsets, ReadOnlySpan<float> t, ReadOnlySpan<float> dt,
        ReadOnlySpan<float> sigma, ReadOnlySpan<float> rgb)
    {
        if (rayOffsets.Length < 1 || rayOffsets[0] != 0) throw new ArgumentException("rayOffsets must start with 0.", nameof(rayOffsets));
        int n = rayOffsets.Length - 1, m = sigma.Length;
        if (rayOffsets[n] != m) throw new ArgumentException($"rayOffsets ends at {rayOffsets[n]}, sigma has {m} samples.", nameof(rayOffsets));
        for (int r = 0; r < n; r++)
            if (rayOffsets[r + 1] < rayOffsets[r]) throw new ArgumentException("rayOffsets must be non-decreasing.", nameof(rayOffsets));
        if (t.Length != m || dt.Length != m || rgb.Length != 3 * m)
            throw new ArgumentException($"t, dt need {m} floats and rgb {3 * m}.");
        return n;
    }
}
