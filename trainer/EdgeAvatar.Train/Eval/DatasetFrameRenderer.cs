using EdgeAvatar.Audio;
using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Mouth;
using EdgeAvatar.Render.Conditioning;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Train.Data;

namespace EdgeAvatar.Train.Eval;

/// <summary>
/// Renders dataset frame i as the avatar would show it when driven by that frame's recorded audio: the frame's
/// camera pose, torso shifts (measured from the frame, as the pose is) and eye value, its audio window and neighbours (full look-ahead, as offline), the latent a baked model
/// has (the training mean — validation frames have no latent of their own) and the recorded background plate.
/// With a mouth source (the model's generator over the clip's recognised phones: the product path of a model that
/// carries one), frame i's mouth entries come from it, as <see cref="AvatarDriver"/> does on the device.
/// <para>An r2talker model takes no audio: frame i's landmark row makes its FiLM vector. With a mouth source (the
/// model's landmark generator over the clip's recognised phones: its product path) the row is the source's; otherwise
/// frame i's recorded landmarks (the dataset's 68 points, put in the head frame with frame i's camera, exactly as
/// training did), the oracle condition of that variant.</para>
/// </summary>
public sealed class DatasetFrameRenderer : IEvalFrameRenderer
{
    private readonly DatasetReader _dataset;
    private readonly AvatarRenderer _renderer;
    private readonly AudioConditioner _audio;
    private readonly float[] _features, _windows, _codes, _code, _torsoTrack;
    private readonly int _bands;
    private readonly AudioWindowWriter _writeWindow;
    private readonly IMouthSource? _mouth;
    private readonly float[] _measures;
    private readonly HeadLandmarkCondition? _condition;
    private readonly float[] _landmarks = [], _positions = [], _film = [];

    /// <param name="mouth">Fills the mouth entries by dataset frame index (for an r2talker model: the whole landmark
    /// row); null keeps the audio network's (r2talker: the recorded landmarks).</param>
    /// <param name="landmarks">The dataset's landmarks (frames × 68 × 2 pixels): required by an r2talker model without a
    /// mouth source, which renders each frame from its own; ignored otherwise.</param>
    public DatasetFrameRenderer(DatasetReader dataset, AvatarModel model, IMouthSource? mouth = null, float[]? landmarks = null)
    {
        if (model.Config.Head.IsR2Talker && mouth is not null)
        {
            _condition = new HeadLandmarkCondition(model.Config.Head);
            if (mouth.Measures != _condition.PositionFloats)
                throw new Common.EdgeAvatarException(Common.ExitCodes.DataError,
                    $"the mouth source gives {mouth.Measures} values per frame; this model's landmark rows hold {_condition.PositionFloats}.");
            _positions = new float[_condition.PositionFloats];
            _film = new float[_condition.FilmFloats];
        }
        else if (model.Config.Head.IsR2Talker)
        {
            if (landmarks is null)
                throw new Common.EdgeAvatarException(Common.ExitCodes.Usage,
                    "an r2talker model is driven by landmarks; give it the dataset's recorded ones (--mouth-source recorded) or a landmark generator's.");
            if (landmarks.Length != dataset.Manifest.FrameCount * 2 * LandmarkFrameConfig.DlibPointCount)
                throw new Common.EdgeAvatarException(Common.ExitCodes.DataError,
                    $"the dataset holds {landmarks.Length} landmark floats, not {LandmarkFrameConfig.DlibPointCount} points for each of its {dataset.Manifest.FrameCount} frames.");
            _condition = new HeadLandmarkCondition(model.Config.Head);
            _landmarks = landmarks;
            _positions = new float[_condition.PositionFloats];
            _film = new float[_condition.FilmFloats];
        }
        _dataset = dataset;
        Model = model;
        _mouth = mouth;
        _measures = new float[Math.Clamp(mouth?.Measures ?? 1, 1, MouthGenerator.MaxMeasures)];
        if (model.Camera.Width != dataset.Manifest.Width || model.Camera.Height != dataset.Manifest.Height)
            throw new Common.EdgeAvatarException(Common.ExitCodes.Usage,
                $"the model renders {model.Camera.Width}x{model.Camera.Height}, the dataset is {dataset.Manifest.Width}x{dataset.Manifest.Height}.");
        _renderer = new AvatarRenderer(model);
        _audio = new AudioConditioner(model.Config.Audio);
        _features = dataset.ReadAudioFeatures();
        model.Normalization.Apply(_features);
        _bands = model.Normalization.Bands;
        _writeWindow = (i, window) => FeatureWindow.CopyWindow(_features, _bands, i, window);
        var ac = model.Config.Audio;
        _windows = new float[ac.AttentionFrames * ac.WindowFloats];
        _codes = new float[ac.AttentionFrames * ac.OutputWidth];
        _code = new float[ac.OutputWidth];
        DatasetTorsoTrack.EnsureCompatible(model.Config.Torso);
        _torsoTrack = model.Config.Torso.TrackWidth > 0 ? DatasetTorsoTrack.Measure(dataset) : [];
    }

    public AvatarModel Model { get; }

    public void Render(int frameIndex, Span<byte> rgb)
    {
        var m = _dataset.Manifest;
        if (_condition is not null)
        {
            RenderFromLandmarks(frameIndex, rgb);
            return;
        }
        FeatureWindow.GatherSmoothingWindows(frameIndex, m.FrameCount, FeatureWindow.FullSmoothingLookAhead,
            Model.Config.Audio.WindowFloats, _writeWindow, _windows);
        _audio.Encode(Model.Parameters, Model.Blocks, _windows, useAttention: true, _codes, _code);
        if (_mouth is not null && _mouth.TryGet(frameIndex, _measures))
            _measures.AsSpan(0, Math.Min(_measures.Length, _code.Length)).CopyTo(_code);
        var frame = m.Frames[frameIndex];
        var c2w = new float[16];
        for (int k = 0; k < 16; k++) c2w[k] = (float)frame.CameraToWorld[k];
        int tw = Model.Config.Torso.TrackWidth;
        _renderer.Render(c2w, _torsoTrack.AsSpan(frameIndex * tw, tw), _code, (float)frame.Eye, 0, [], rgb);
    }

    private void RenderFromLandmarks(int frameIndex, Span<byte> rgb)
    {
        var frame = _dataset.Manifest.Frames[frameIndex];
        var c2w = new float[16];
        for (int k = 0; k < 16; k++) c2w[k] = (float)frame.CameraToWorld[k];
        var cam = Model.Camera;
        var camera = new PinholeCamera(cam.Width, cam.Height, cam.Fx, cam.Fy, cam.Cx, cam.Cy, c2w);
        int per = 2 * LandmarkFrameConfig.DlibPointCount;
        try
        {
            if (_mouth is not null)
            {
                if (!_mouth.TryGet(frameIndex, _positions))
                    throw new Common.EdgeAvatarException(Common.ExitCodes.DataError, $"the mouth source has no landmark row for frame {frameIndex}.");
            }
            else
                _condition!.Positions(camera, _landmarks.AsSpan(frameIndex * per, per), _positions);
        }
        catch (ArgumentException e)
        {
            throw new Common.EdgeAvatarException(Common.ExitCodes.DataError, $"frame {frameIndex}: its landmarks cannot be put in the head frame: {e.Message}");
        }
        _condition!.Film(Model.Parameters, Model.Blocks.Head, _positions, _film, [], []);
        int tw = Model.Config.Torso.TrackWidth;
        _renderer.Render(c2w, _torsoTrack.AsSpan(frameIndex * tw, tw), _film, (float)frame.Eye, 0, [], rgb);
    }
}
