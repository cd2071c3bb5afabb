namespace EdgeAvatar.Kernels.Rendering;

/// <summary>
/// Emission–absorption compositing of packed samples, and compositing over what lies below (the backward is the
/// trainer's, EdgeAvatar.Train.Kernels' VolumeCompositorBackward).
/// <para>Per ray with samples i = 0..n−1 (in t order): α_i = 1 − exp(−σ_i·dt_i), T_0 = 1, T_{i+1} = T_i·(1 − α_i),
/// w_i = T_i·α_i; colour C = Σ w_i·c_i, opacity W = Σ w_i = 1 − T_m, depth D = Σ w_i·t_i. Early termination: the
/// loop stops after the first sample with T_{i+1} &lt; threshold (1e-4, RAD-NeRF's T_thresh), so that sample is
/// included and later ones are not (m = samples used). σ is the activated density (≥ 0), c the activated colour.</para>
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
                    CompositedRay ray = Accumulate(((int*)off)[r], ((int*)off)[r + 1], (float*)tt, (float*)dd, (float*)ss,
                        (float*)cc, threshold);
                    float* c = (float*)col + 3 * r;
                    c[0] = ray.R; c[1] = ray.G; c[2] = ray.B;
                    ((float*)op)[r] = ray.W;
                    if (wantDepth) ((float*)dep)[r] = ray.D;
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
    /// The forward loop over one ray's samples [<paramref name="first"/>, <paramref name="last"/>), shared with the
    /// trainer's backward (EdgeAvatar.Train.Kernels' VolumeCompositorBackward) so both see the same terminated set.
    /// </summary>
    public static unsafe CompositedRay Accumulate(int first, int last, float* t, float* dt, float* sigma, float* rgb, float threshold)
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
        return new CompositedRay(r, g, b, ws, d, T, i - first);
    }

    /// <summary>Checks the packed layout and returns the ray count N.</summary>
    public static int CheckLayout(ReadOnlySpan<int> rayOffsets, ReadOnlySpan<float> t, ReadOnlySpan<float> dt,
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
