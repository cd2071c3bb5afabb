namespace EdgeAvatar.Render.AudioNetworks;

/// <summary>
/// RAD-NeRF's AudioNet (see <see cref="AudioNetConfig"/>): one log-mel window per video frame → one audio code.
/// Stateless; thread-safe. N is small (one window per frame), so samples are processed one after another; the
/// per-sample cost is ~0.1 M multiply-adds at RAD-NeRF sizes.
/// </summary>
public static class AudioNet
{
    /// <summary>Encodes N windows.</summary>
    /// <param name="c">The network.</param>
    /// <param name="parameters"><see cref="AudioNetConfig.ParameterCount"/> floats.</param>
    /// <param name="windows">N × WindowFrames × MelBands, frame-major (window[f·MelBands + b]).</param>
    /// <param name="codes">N × OutputWidth.</param>
    public static void Forward(AudioNetConfig c, ReadOnlySpan<float> parameters, ReadOnlySpan<float> windows,
        Span<float> codes)
    {
        int n = CheckShapes(c, parameters, windows, codes.Length, nameof(codes));
        float[][] acts = CreateActivations(c);
        for (int s = 0; s < n; s++)
        {
            ForwardSample(c, parameters, windows.Slice(s * c.WindowFloats, c.WindowFloats), acts);
            acts[^1].CopyTo(codes.Slice(s * c.OutputWidth, c.OutputWidth));
        }
    }

    /// <summary>
    /// Buffers for <see cref="ForwardSample"/>: [0] the window transposed to [band][frame]; [1 .. L] each conv's
    /// output after LeakyReLU ([channel][time]); [L + 1] the hidden dense output after LeakyReLU; [L + 2] the code.
    /// </summary>
    public static float[][] CreateActivations(AudioNetConfig c)
    {
        IReadOnlyList<Conv1dLayer> convs = c.ConvLayers;
        var acts = new float[convs.Count + 3][];
        acts[0] = new float[c.WindowFloats];
        for (int l = 0; l < convs.Count; l++)
            acts[l + 1] = new float[convs[l].OutputFloats];
        acts[convs.Count + 1] = new float[c.HiddenWidth];
        acts[convs.Count + 2] = new float[c.OutputWidth];
        return acts;
    }

    /// <summary>Runs one window, leaving every activation in <paramref name="acts"/> (see <see cref="CreateActivations"/>).</summary>
    public static void ForwardSample(AudioNetConfig c, ReadOnlySpan<float> parameters, ReadOnlySpan<float> window,
        float[][] acts)
    {
        // Frame-major input → channel-major activations (channels = mel bands, time = frames).
        float[] x = acts[0];
        for (int f = 0; f < c.WindowFrames; f++)
            for (int b = 0; b < c.MelBands; b++)
                x[b * c.WindowFrames + f] = window[f * c.MelBands + b];
        IReadOnlyList<Conv1dLayer> convs = c.ConvLayers;
        for (int l = 0; l < convs.Count; l++)
            AudioLayerMath.Conv1dForward(convs[l], parameters, acts[l], acts[l + 1], leaky: true, c.LeakySlope);
        // The last conv leaves [channels][1]: the flat buffer is the dense input.
        IReadOnlyList<DenseLayer> dense = c.DenseLayers;
        AudioLayerMath.DenseForward(dense[0], parameters, acts[convs.Count], acts[convs.Count + 1], leaky: true, c.LeakySlope);
        AudioLayerMath.DenseForward(dense[1], parameters, acts[convs.Count + 1], acts[convs.Count + 2], leaky: false, 0f);
    }

    /// <summary>Validates config and buffer shapes; returns N.</summary>
    public static int CheckShapes(AudioNetConfig c, ReadOnlySpan<float> parameters, ReadOnlySpan<float> windows,
        int codeFloats, string codeName)
    {
        c.EnsureValid();
        CheckLength(parameters.Length, c.ParameterCount, nameof(parameters));
        if (windows.Length % c.WindowFloats != 0)
            throw new ArgumentException($"windows has {windows.Length} floats, not a multiple of WindowFrames × MelBands "
                + $"= {c.WindowFloats}.", nameof(windows));
        int n = windows.Length / c.WindowFloats;
        if (codeFloats != n * c.OutputWidth)
            throw new ArgumentException($"{codeName} has {codeFloats} floats; {n} windows need {n * c.OutputWidth}.", codeName);
        return n;
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
            throw new ArgumentException($"{name} has {actual} floats; the network has {expected}.", name);
    }
}
