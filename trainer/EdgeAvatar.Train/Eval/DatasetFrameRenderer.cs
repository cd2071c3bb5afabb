using EdgeAvatar.Audio;
using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Mouth;
using EdgeAvatar.Train.Data;

namespace EdgeAvatar.Train.Eval;

/// <summary>
/// Renders dataset frame i as the avatar would show it when driven by that frame's recorded audio: the frame's
/// camera pose, torso shifts (measured from the frame, as the pose is) and eye value, its audio window and neighbours (full look-ahead, as offline), the latent a baked model
/// has (the training mean — validation frames have no latent of their own) and the recorded background plate.
/// With a mouth source (the model's generator over the clip's recognised phones: the product path of a model that
/// carries one), frame i's mouth entries come from it, as <see cref="AvatarDriver"/> does on the device.
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

    /// <param name="mouth">Fills the mouth entries by dataset frame index; null keeps the audio network's.</param>
    public DatasetFrameRenderer(DatasetReader dataset, AvatarModel model, IMouthSource? mouth = null)
    {
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
}
