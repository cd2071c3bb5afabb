namespace EdgeAvatar.Render.Avatar;

/// <summary>
/// Drives the avatar frame by frame from a stream of audio windows: keeps the last 4 frames' windows, takes the
/// look-ahead windows the caller has (0..3 future frames; missing ones are edge-clamped to the newest, exactly as
/// <see cref="EdgeAvatar.Audio.FeatureWindow.SmoothingIndices"/> clamps in training), encodes the 8 neighbours into the
/// frame's audio code, picks pose and eye from <see cref="IdleMotion"/> and renders. The same code renders a file
/// offline and live audio on the kiosk.
/// </summary>
public sealed class AvatarDriver : IDisposable
{
    private readonly AudioConditioner _audio;
    private readonly int _windowFloats, _frames;
    private readonly float[] _windows, _codes, _code;
    private readonly float[][] _history = new float[AudioConditioner.CentreIndex][];
    private long _frame;

    /// <param name="renderer">The frame renderer (its model must be <paramref name="model"/>); null = the CPU renderer.</param>
    public AvatarDriver(AvatarModel model, IAvatarFrameRenderer? renderer = null)
    {
        Model = model;
        Renderer = renderer ?? new AvatarRenderer(model);
        if (!ReferenceEquals(Renderer.Model, model))
            throw new ArgumentException("the renderer draws another model.", nameof(renderer));
        Motion = new IdleMotion(model);
        _audio = new AudioConditioner(model.Config.Audio);
        _windowFloats = model.Config.Audio.WindowFloats;
        _frames = model.Config.Audio.AttentionFrames;
        _windows = new float[_frames * _windowFloats];
        _codes = new float[_frames * model.Config.Audio.OutputWidth];
        _code = new float[model.Config.Audio.OutputWidth];
    }

    public AvatarModel Model { get; }
    public IAvatarFrameRenderer Renderer { get; }
    public IdleMotion Motion { get; }

    /// <summary>Replacement background (W × H × 3), or null for the recorded plate.</summary>
    public byte[]? Background { get; set; }

    /// <summary>Frames rendered so far (the next frame's index).</summary>
    public long FrameIndex => _frame;

    /// <summary>Milliseconds the last frame spent in the audio network and attention.</summary>
    public double LastAudioMs { get; private set; }

    /// <param name="window">This frame's normalised 16 × 80 window.</param>
    /// <param name="lookAhead">Windows of the next frames available now (up to 3).</param>
    public void RenderNext(ReadOnlySpan<float> window, IReadOnlyList<float[]> lookAhead, Span<byte> rgb24)
    {
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        // Neighbours i-4 .. i-1 from history (clamped to the oldest available, i.e. the stream start).
        int c = AudioConditioner.CentreIndex;
        for (int j = 0; j < c; j++)
        {
            float[]? w = _history[j] ?? FirstAvailable(j);
            (w is null ? window : w.AsSpan()).CopyTo(_windows.AsSpan(j * _windowFloats, _windowFloats));
        }
        window.CopyTo(_windows.AsSpan(c * _windowFloats, _windowFloats));
        ReadOnlySpan<float> newest = window;
        for (int j = c + 1; j < _frames; j++)
        {
            int k = j - c - 1;
            if (k < lookAhead.Count) newest = lookAhead[k];
            newest.CopyTo(_windows.AsSpan(j * _windowFloats, _windowFloats));
        }
        _audio.Encode(Model.Parameters, Model.Blocks, _windows, useAttention: true, _codes, _code);
        LastAudioMs = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalMilliseconds;

        Renderer.Render(Motion.CameraToWorld(_frame), Motion.TorsoShift(_frame), _code, Motion.Eye(_frame), 0, Background, rgb24);
        Advance(window);
    }

    /// <summary>
    /// Passes over a frame without rendering it (a live output is behind its clock and would drop it): the audio
    /// history and the motion track advance exactly as if it had been rendered, so the next frame is the same.
    /// </summary>
    public void SkipNext(ReadOnlySpan<float> window) => Advance(window);

    private void Advance(ReadOnlySpan<float> window)
    {
        int c = AudioConditioner.CentreIndex;
        // Shift history: oldest out, this frame's window in.
        var recycled = _history[0] ?? new float[_windowFloats];
        for (int j = 0; j < c - 1; j++) _history[j] = _history[j + 1];
        window.CopyTo(recycled);
        _history[c - 1] = recycled;
        _frame++;
    }

    /// <summary>At the start of a stream, the earliest window seen stands in for the ones before it.</summary>
    private float[]? FirstAvailable(int j)
    {
        for (int k = j + 1; k < _history.Length; k++)
            if (_history[k] is { } w) return w;
        return null;
    }

    /// <summary>Releases the renderer's device resources (the Vulkan renderer's buffers and pipelines).</summary>
    public void Dispose() => (Renderer as IDisposable)?.Dispose();
}
