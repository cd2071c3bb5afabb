using EdgeAvatar.Audio;
using EdgeAvatar.Render.Mouth;

namespace EdgeAvatar.Render.Avatar;

/// <summary>
/// Drives the avatar frame by frame from a stream of audio windows: keeps the last 4 frames' windows, takes the
/// look-ahead windows the caller has (0..3 future frames), gathers the 8 neighbours with
/// <see cref="FeatureWindow.GatherSmoothingWindows"/> (the helper training and eval use, so missing neighbours are
/// clamped exactly as there: to the stream start, and to the newest window available), encodes them into the
/// frame's audio code, picks pose and eye from <see cref="IdleMotion"/> and renders. The same code renders a file
/// offline and live audio on the kiosk.
/// <para>An r2talker model takes no audio code: each frame's FiLM vector comes from a landmark row (the audio still
/// paces the frames): <see cref="Landmarks"/> when given (it wins), else <see cref="MouthSource"/>'s row for the frame
/// (the model's landmark generator over known or recognised phones), else, for a frame the source has nothing for or
/// with no source, the generator's silence row (<see cref="MouthGenerator.Silence"/>). A model with neither a track nor
/// a landmark generator refuses to render (<see cref="ExitCodes.Usage"/>).</para>
/// </summary>
public sealed class AvatarDriver : IDisposable
{
    private readonly AudioConditioner _audio;
    private readonly int _windowFloats, _frames;
    private readonly float[] _windows, _codes, _code;
    private readonly float[][] _history = new float[AudioConditioner.CentreIndex][];
    private readonly float[] _current;
    private readonly AudioWindowWriter _writeWindow;
    private IReadOnlyList<float[]> _lookAhead = [];
    private int _relativeFrame;
    private long _frame;
    private readonly Head.HeadLandmarkCondition? _condition;
    private readonly float[] _film = [], _row = [], _silence = [];

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
        _current = new float[_windowFloats];
        _writeWindow = WriteNeighbour;
        if (model.Config.Head.IsR2Talker)
        {
            _condition = new Head.HeadLandmarkCondition(model.Config.Head);
            _film = new float[_condition.FilmFloats];
            _row = new float[_condition.PositionFloats];
            // The validator holds a landmark generator's rows to the condition's width.
            if (model.Mouth is { IsLandmarks: true } generator) _silence = generator.Silence();
        }
    }

    /// <summary>The landmark conditions of an r2talker model, by frame; ignored by a radnerf model.</summary>
    public Head.LandmarkTrack? Landmarks { get; set; }

    public AvatarModel Model { get; }
    public IAvatarFrameRenderer Renderer { get; }
    public IdleMotion Motion { get; }

    /// <summary>Replacement background (W × H × 3), or null for the recorded plate.</summary>
    public byte[]? Background { get; set; }

    /// <summary>Frames rendered so far (the next frame's index).</summary>
    public long FrameIndex => _frame;

    /// <summary>
    /// Where the head's mouth entries (the first K of the audio code) come from, or null for the audio network's own
    /// prediction. A frame the source has nothing for keeps the network's entries.
    /// </summary>
    public IMouthSource? MouthSource { get; set; }

    /// <summary>Milliseconds the last frame spent in the audio network and attention.</summary>
    public double LastAudioMs { get; private set; }

    /// <param name="window">This frame's normalised 16 × 80 window.</param>
    /// <param name="lookAhead">Windows of the next frames available now (up to 3).</param>
    public void RenderNext(ReadOnlySpan<float> window, IReadOnlyList<float[]> lookAhead, Span<byte> rgb24)
    {
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        if (_condition is not null)
        {
            RenderFromLandmarks(rgb24);
            Advance(window);
            return;
        }
        // Frames before the stream start clamp to its first frame, so only the last CentreIndex frames matter: the
        // neighbours are indexed relative to r = min(frame, CentreIndex), where r − k is the frame k frames back.
        window.CopyTo(_current);
        _lookAhead = lookAhead;
        _relativeFrame = (int)Math.Min(_frame, AudioConditioner.CentreIndex);
        FeatureWindow.GatherSmoothingWindows(_relativeFrame, int.MaxValue, lookAhead.Count, _windowFloats, _writeWindow, _windows);
        _lookAhead = [];
        _audio.Encode(Model.Parameters, Model.Blocks, _windows, useAttention: true, _codes, _code);
        if (MouthSource is { } mouth)
        {
            Span<float> measures = stackalloc float[Math.Clamp(mouth.Measures, 1, MouthGenerator.MaxMeasures)];
            if (mouth.TryGet(_frame, measures)) measures[..Math.Min(measures.Length, _code.Length)].CopyTo(_code);
        }
        LastAudioMs = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalMilliseconds;

        Renderer.Render(Motion.CameraToWorld(_frame), Motion.TorsoShift(_frame), _code, Motion.Eye(_frame), 0, Background, rgb24);
        Advance(window);
    }

    private void RenderFromLandmarks(Span<byte> rgb24)
    {
        _condition!.Film(Model.Parameters, Model.Blocks.Head, LandmarkRow(), _film, [], []);
        LastAudioMs = 0;
        Renderer.Render(Motion.CameraToWorld(_frame), Motion.TorsoShift(_frame), _film, Motion.Eye(_frame), 0, Background, rgb24);
    }

    /// <summary>This frame's landmark row: the track's, else the mouth source's, else the generator's silence row.</summary>
    private ReadOnlySpan<float> LandmarkRow()
    {
        int width = _condition!.PositionFloats;
        if (Landmarks is { } track)
        {
            if (track.RowFloats != width)
                throw new Common.EdgeAvatarException(Common.ExitCodes.DataError,
                    $"the landmark track has {track.RowFloats} floats per frame; this model takes {width}.");
            return track.Row(_frame);
        }
        if (_silence.Length == 0)
            throw new Common.EdgeAvatarException(Common.ExitCodes.Usage,
                "this is an r2talker model without a landmark generator: it is driven by landmarks only; give run --landmarks FILE "
                + "(or train it with --mouth-generator phones).");
        if (MouthSource is { } source)
        {
            if (source.Measures != width)
                throw new Common.EdgeAvatarException(Common.ExitCodes.DataError,
                    $"the mouth source gives {source.Measures} values per frame; this model's landmark rows hold {width}.");
            if (source.TryGet(_frame, _row)) return _row;
        }
        return _silence;
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

    /// <summary>Neighbour <paramref name="relative"/> (relative to _relativeFrame) from history, this frame or look-ahead.</summary>
    private void WriteNeighbour(int relative, Span<float> window)
    {
        int back = _relativeFrame - relative;
        if (back > 0) _history[AudioConditioner.CentreIndex - back].CopyTo(window);
        else if (back == 0) _current.CopyTo(window);
        else _lookAhead[-back - 1].CopyTo(window);
    }

    /// <summary>Releases the renderer's device resources (the Vulkan renderer's buffers and pipelines).</summary>
    public void Dispose() => (Renderer as IDisposable)?.Dispose();
}
