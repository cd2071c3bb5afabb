using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Train.Data;
using EdgeAvatar.Train.Torso;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.TorsoStage;

/// <summary>
/// One torso-stage step (head frozen): pixels of one frame inside the torso region that the labels do not mark as
/// head are rendered as torso-over-plate, C = rgb·α + (1 − α)·plate, and compared with the recording (so background
/// pixels teach α → 0 and neck/torso pixels teach colour and α → 1). Gradients are added into the torso blocks.
/// </summary>
public sealed class TorsoStepper
{
    private readonly TrainingSet _data;
    private readonly AvatarModel _model;
    private readonly TorsoBackward _torso;
    private readonly float[] _poses;
    private readonly int _n;
    private readonly int[] _pixels, _frameOf;
    private readonly float[] _coords, _rgb, _alpha, _gRgb, _gAlpha;

    public TorsoStepper(TrainingSet data, AvatarModel model, TrainPreset preset, float[] gradients)
    {
        _data = data; _model = model; Gradients = gradients;
        _torso = new TorsoBackward(model.Config.Torso);
        _n = preset.TorsoPixelsPerStep;
        _pixels = new int[_n]; _frameOf = new int[_n];
        _coords = new float[2 * _n]; _rgb = new float[3 * _n]; _alpha = new float[_n];
        _gRgb = new float[3 * _n]; _gAlpha = new float[_n];
        var tc = model.Config.Torso;
        DatasetTorsoTrack.EnsureCompatible(tc);
        int pw = tc.PoseInputWidth;
        _poses = new float[data.FrameCount * pw];
        for (int f = 0; f < data.FrameCount; f++)
            model.TorsoPose(data.CameraToWorld(f), data.TorsoShift(f)[..tc.TrackWidth], _poses.AsSpan(f * pw, pw));
    }

    public float[] Gradients { get; }

    public IReadOnlyList<(string Name, int Offset, int Count, bool IsGrid)> ParameterGroups => _torso.ParameterGroups;

    public StepStats Step(int frame, Random rng)
    {
        var cam = _model.Camera;
        var region = _model.TorsoRegion;
        byte[] labels = _data.Labels[frame], gt = _data.Frames[frame], plate = _data.Plate;
        int count = 0, guard = 0;
        while (count < _n && guard++ < 20 * _n)
        {
            int x = region.X + rng.Next(region.Width), y = region.Y + rng.Next(region.Height);
            int px = y * cam.Width + x;
            if (labels[px] == 1) continue; // head pixels belong to the head stage
            _pixels[count] = px; _frameOf[count] = frame;
            _coords[2 * count] = TorsoCoordinates.ToUnit(x, cam.Width);
            _coords[2 * count + 1] = TorsoCoordinates.ToUnit(y, cam.Height);
            count++;
        }
        if (count == 0) return new StepStats(0, 0);
        var p = _model.Parameters;
        var blocks = _model.Blocks;
        var latents = p.AsSpan(blocks.TorsoLatents.Offset, blocks.TorsoLatents.Count);
        var tape = _torso.Forward(p.AsSpan(blocks.Torso.Offset, blocks.Torso.Count), _coords.AsSpan(0, 2 * count),
            _frameOf.AsSpan(0, count), _poses, latents, _rgb.AsSpan(0, 3 * count), _alpha.AsSpan(0, count));
        double sse = 0;
        for (int i = 0; i < count; i++)
        {
            int px = _pixels[i];
            float a = _alpha[i], gA = 0;
            for (int ch = 0; ch < 3; ch++)
            {
                float bg = plate[3 * px + ch] * (1f / 255f), c = _rgb[3 * i + ch];
                float d = c * a + (1f - a) * bg - gt[3 * px + ch] * (1f / 255f);
                sse += d * d;
                float g = 2f * d / (3f * count);
                _gRgb[3 * i + ch] = g * a;
                gA += g * (c - bg);
            }
            _gAlpha[i] = gA;
        }
        _torso.Backward(tape, _gRgb.AsSpan(0, 3 * count), _gAlpha.AsSpan(0, count),
            Gradients.AsSpan(blocks.Torso.Offset, blocks.Torso.Count),
            Gradients.AsSpan(blocks.TorsoLatents.Offset, blocks.TorsoLatents.Count));
        return new StepStats(sse / (3.0 * count), count);
    }
}
