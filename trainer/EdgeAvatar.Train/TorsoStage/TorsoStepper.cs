using EdgeAvatar.Prepare.Segmentation;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Train.Data;
using EdgeAvatar.Train.ErNerf;
using EdgeAvatar.Train.Torso;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.TorsoStage;

/// <summary>
/// One torso-stage step (head frozen): pixels of one frame inside the torso region are rendered as torso-over-plate,
/// C = rgb·α + (1 − α)·plate. Pixels that the labels do not mark as head are compared with the recording (background
/// pixels teach α → 0, neck and torso pixels teach colour and α → 1). Pixels marked head are compared with the plate
/// at the weight <see cref="TrainPreset.TorsoBehindHeadWeight"/>: the head stage learned the head over the plate
/// there, and the renderer draws the head over the torso everywhere in the region. Left untrained, the torso behind
/// the head showed through wherever the head is not fully opaque and ended at the region's top edge: a straight seam
/// across the forehead (the region's top is at brow height when side hair or ears are labelled torso). At full weight
/// the same target cost the neck and the background their accuracy: the torso's α must then fall from 1 to 0 along the
/// chin and the hair, edges that move with the head every frame, and label noise there pulls the neck transparent. A
/// weak pull reaches the plate where nothing else constrains the torso (the forehead) and gives way at those edges.
/// <para>Invariant: each step trains <see cref="TrainPreset.TorsoPixelsPerStep"/> pixels that are not head (the draw
/// stops early only when the region is almost all head), plus the head pixels met while drawing them; both terms are
/// normalised by that count, so head pixels add to the step and never take the place of neck or background
/// ones. The step's reported loss is that weighted objective, Σ w·d² / (3n).</para>
/// <para>With an anchors pose input (<see cref="Render.Torso.TorsoConfig.AnchorsPoseInput"/>) the step's frame's pose
/// row is rebuilt from the current anchors before the forward (the anchors move every step, the other rows are never
/// read by a step of this frame), and the head-pose part of the torso's pose-input gradient goes on through
/// <see cref="AdaptivePoseEncodingBackward"/> into the <c>torso.anchors</c> block.</para>
/// </summary>
public sealed class TorsoStepper
{
    private readonly TrainingSet _data;
    private readonly AvatarModel _model;
    private readonly TorsoBackward _torso;
    private readonly float[] _poses;
    private readonly float[] _gPoses;
    private readonly int _n;
    private readonly float _headWeight;
    private readonly int[] _pixels, _frameOf;
    private readonly float[] _coords, _rgb, _alpha, _gRgb, _gAlpha;

    public TorsoStepper(TrainingSet data, AvatarModel model, TrainPreset preset, float[] gradients)
    {
        _data = data; _model = model; Gradients = gradients;
        _torso = new TorsoBackward(model.Config.Torso);
        _n = preset.TorsoPixelsPerStep;
        _headWeight = preset.TorsoBehindHeadWeight;
        // Room for the head pixels met beside the n others: head labels cover a quarter to a third of the region on
        // our clips. The draw stops when it is full, so a region that is nearly all head still ends the step.
        int capacity = 2 * _n;
        _pixels = new int[capacity]; _frameOf = new int[capacity];
        _coords = new float[2 * capacity]; _rgb = new float[3 * capacity]; _alpha = new float[capacity];
        _gRgb = new float[3 * capacity]; _gAlpha = new float[capacity];
        var tc = model.Config.Torso;
        DatasetTorsoTrack.EnsureCompatible(tc);
        int pw = tc.PoseInputWidth;
        _poses = new float[data.FrameCount * pw];
        for (int f = 0; f < data.FrameCount; f++)
            model.TorsoPose(data.CameraToWorld(f), data.TorsoShift(f)[..tc.TrackWidth], _poses.AsSpan(f * pw, pw));
        _gPoses = model.Blocks.TorsoAnchors is null ? [] : new float[_poses.Length];
    }

    public float[] Gradients { get; }

    /// <summary>The torso network's groups (offsets inside the <c>torso.net</c> block); the anchors and latents are
    /// blocks of their own.</summary>
    public IReadOnlyList<(string Name, int Offset, int Count, bool IsGrid)> ParameterGroups => _torso.ParameterGroups;

    public StepStats Step(int frame, Random rng)
    {
        var cam = _model.Camera;
        var region = _model.TorsoRegion;
        byte[] labels = _data.Labels[frame], gt = _data.Frames[frame], plate = _data.Plate;
        int count = 0, others = 0, guard = 0;
        while (others < _n && count < _pixels.Length && guard++ < 20 * _n)
        {
            int x = region.X + rng.Next(region.Width), y = region.Y + rng.Next(region.Height);
            int px = y * cam.Width + x;
            if (labels[px] != PartLabels.Head) others++;
            else if (_headWeight == 0) continue;
            _pixels[count] = px; _frameOf[count] = frame;
            _coords[2 * count] = TorsoCoordinates.ToUnit(x, cam.Width);
            _coords[2 * count + 1] = TorsoCoordinates.ToUnit(y, cam.Height);
            count++;
        }
        if (count == 0) return new StepStats(0, 0);
        var p = _model.Parameters;
        var blocks = _model.Blocks;
        var anchors = blocks.TorsoAnchors;
        int pw = _model.Config.Torso.PoseInputWidth;
        if (anchors is not null)
            _model.TorsoPose(_data.CameraToWorld(frame), _data.TorsoShift(frame)[.._model.Config.Torso.TrackWidth],
                _poses.AsSpan(frame * pw, pw));
        var latents = p.AsSpan(blocks.TorsoLatents.Offset, blocks.TorsoLatents.Count);
        var tape = _torso.Forward(p.AsSpan(blocks.Torso.Offset, blocks.Torso.Count), _coords.AsSpan(0, 2 * count),
            _frameOf.AsSpan(0, count), _poses, latents, _rgb.AsSpan(0, 3 * count), _alpha.AsSpan(0, count));
        double sse = 0;
        for (int i = 0; i < count; i++)
        {
            int px = _pixels[i];
            float a = _alpha[i], gA = 0;
            // Behind the head the torso is pulled, weakly, towards the plate the head was trained over (class comment).
            bool behindHead = labels[px] == PartLabels.Head;
            byte[] target = behindHead ? plate : gt;
            float weight = behindHead ? _headWeight : 1f;
            for (int ch = 0; ch < 3; ch++)
            {
                float bg = plate[3 * px + ch] * (1f / 255f), c = _rgb[3 * i + ch];
                float d = c * a + (1f - a) * bg - target[3 * px + ch] * (1f / 255f);
                sse += weight * d * d;
                float g = weight * 2f * d / (3f * _n);
                _gRgb[3 * i + ch] = g * a;
                gA += g * (c - bg);
            }
            _gAlpha[i] = gA;
        }
        _torso.Backward(tape, _gRgb.AsSpan(0, 3 * count), _gAlpha.AsSpan(0, count),
            Gradients.AsSpan(blocks.Torso.Offset, blocks.Torso.Count),
            Gradients.AsSpan(blocks.TorsoLatents.Offset, blocks.TorsoLatents.Count), _gPoses);
        if (anchors is not null)
        {
            AdaptivePoseEncodingBackward.Backward(_model.PoseCamera(_data.CameraToWorld(frame)),
                p.AsSpan(anchors.Offset, anchors.Count), _gPoses.AsSpan(frame * pw, Render.Torso.TorsoConfig.PoseWidth),
                Gradients.AsSpan(anchors.Offset, anchors.Count));
            Array.Clear(_gPoses);
        }
        // The objective the gradients above descend, so a step along them lowers it (TorsoStepperAnchorsTests).
        return new StepStats(sse / (3.0 * _n), count);
    }
}
