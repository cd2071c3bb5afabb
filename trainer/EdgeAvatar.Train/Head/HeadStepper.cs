using EdgeAvatar.Audio;
using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Train.AudioNetworks;
using EdgeAvatar.Train.Data;
using EdgeAvatar.Train.Losses;
using EdgeAvatar.Train.Training;
using EdgeAvatar.Train.Kernels.Rendering;
using EdgeAvatar.Common;
using EdgeAvatar.Prepare.Segmentation;
using EdgeAvatar.Render.Conditioning;
using EdgeAvatar.Train.Conditioning;

namespace EdgeAvatar.Train.Head;

/// <summary>
/// One head-stage step on one frame: sample rays in the projected head box (a share of them in the lips box),
/// render them over "what is behind the head" (the recorded pixel where the frame's labels say not-head, the plate
/// where they say head), and backpropagate photometric MSE + opacity entropy + the ambient L1 outside the face box
/// + the gate pull in the lips box (AmbientRegulariser) + in the lips stage the patch loss (Losses/LipsPatchLoss.cs)
/// through the compositor, the head field, the attention and the audio network. Gradients are added into
/// <see cref="Gradients"/>; the caller steps the optimiser.
/// <para>An r2talker head takes the frame's recorded landmarks instead of audio: landmarks → head frame (the frame's
/// camera) → landmark grid → condition network → FiLM vector (the field's frame code); the backward goes from the
/// FiLM gradient the field returns through the condition network into the landmark grid. No audio code is computed,
/// and the ambient regulariser, mouth probe and forcing do not apply.</para>
/// </summary>
public sealed class HeadStepper
{
    // Read once per process: the step is hot, and the switch is for a developer's timing run, not a live setting.
    private static readonly bool PrintTiming = Environment.GetEnvironmentVariable("EDGEAVATAR_TRAIN_TIMING") == "1";

    private const int GapMargin = 2;

    private readonly TrainingSet _data;
    private readonly AvatarModel _model;
    private readonly TrainPreset _preset;
    private readonly IHeadFieldPass _pass;
    private readonly AudioConditioner _audio;
    private readonly MouthProbe? _probe;
    private readonly LipsPatchLoss? _patch;
    private readonly int _rays;
    private readonly int[] _pixels;
    private readonly float[] _origins, _dirs, _color, _opacity, _final, _target, _below, _gColor, _gOpacity;
    private readonly RayRegion[] _regions;
    private readonly float[] _windows, _codes, _code, _fieldCode, _gCode, _gCodes, _gLatent;
    private readonly bool _forcing;
    private readonly AudioWindowWriter _writeWindow;
    private readonly SpectralAugmenter? _augmenter;
    private SpectralAugmentDraw _augment = SpectralAugmentDraw.Identity;
    private readonly HeadLandmarkCondition? _condition;
    private readonly float[] _landmarks = [], _noisyLandmarks = [], _positions = [], _encoded = [], _conditionHidden = [];

    /// <param name="pass">Where the head field runs; null: the C# pass.</param>
    public HeadStepper(TrainingSet data, AvatarModel model, TrainPreset preset, float[] gradients, IHeadFieldPass? pass = null)
    {
        _data = data; _model = model; _preset = preset; Gradients = gradients;
        _pass = pass ?? new CpuHeadFieldPass(new HeadField(model.Config.Head), model.Occupancy);
        _audio = new AudioConditioner(model.Config.Audio);
        // Forcing the code's mouth entries replaces the linear probe: both train the code to carry the mouth.
        _forcing = preset.MouthCodeForcing > 0 && model.Config.Audio.MouthTargets > 0;
        _probe = _forcing || model.Blocks.MouthProbe is null || preset.MouthProbeWeight <= 0 ? null : new MouthProbe(model.Config.Audio);
        _rays = preset.RaysPerStep;
        if (preset.LipsPatchSide > 0 && preset.LipsPatchWeight > 0)
        {
            if (preset.LipsPatchSide * preset.LipsPatchSide > _rays)
                throw new ArgumentException($"a {preset.LipsPatchSide}² lips patch needs more than the {_rays} rays of a step.", nameof(preset));
            _patch = new LipsPatchLoss(preset.LipsPatchSide, preset.LipsPatchSsimShare);
        }
        _pixels = new int[_rays];
        _origins = new float[3 * _rays]; _dirs = new float[3 * _rays];
        _color = new float[3 * _rays]; _opacity = new float[_rays]; _final = new float[3 * _rays];
        _target = new float[3 * _rays]; _below = new float[3 * _rays];
        _gColor = new float[3 * _rays]; _gOpacity = new float[_rays]; _regions = new RayRegion[_rays];
        var ac = model.Config.Audio;
        _windows = new float[ac.AttentionFrames * ac.WindowFloats];
        _codes = new float[ac.AttentionFrames * ac.OutputWidth];
        int frameCode = model.Config.Head.FrameCodeWidth;
        _code = new float[ac.OutputWidth]; _fieldCode = new float[frameCode]; _gCode = new float[frameCode];
        if (model.Config.Head.IsR2Talker || preset.MouthGapRayFraction > 0)
            _landmarks = data.Reader.ReadLandmarks();
        if (model.Config.Head.IsR2Talker)
        {
            _condition = new HeadLandmarkCondition(model.Config.Head);
            _noisyLandmarks = new float[2 * LandmarkFrameConfig.DlibPointCount];
            _positions = new float[_condition.PositionFloats];
            _encoded = new float[_condition.EncodedFloats];
            _conditionHidden = new float[_condition.HiddenFloats];
        }
        _gCodes = new float[ac.AttentionFrames * ac.OutputWidth];
        _gLatent = new float[model.Config.Head.LatentWidth];
        if (preset.AudioAugment.IsOn && !model.Config.Head.IsR2Talker)
            _augmenter = new SpectralAugmenter(data.Manifest.Audio.ReadFeatureConfig(), data.Normalization);
        _writeWindow = (i, window) =>
        {
            _data.AudioWindow(i).CopyTo(window);
            _augmenter?.Apply(window, _augment);
        };
    }

    public float[] Gradients { get; }

    public IHeadFieldPass Pass => _pass;

    /// <summary>The audio code the field saw on the last step (the occupancy refresh uses it).</summary>
    public ReadOnlySpan<float> LastAudioCode => _fieldCode;

    /// <param name="frame">Training frame (also its latent row).</param>
    /// <param name="lipsStage">Draw the lips stage's share of rays from the lips box.</param>
    public StepStats Step(int frame, bool useAttention, bool lipsStage, Random rng)
    {
        var p = _model.Parameters;
        var blocks = _model.Blocks;
        var cam = _model.Camera;
        int w = cam.Width;

        var camera = new PinholeCamera(cam.Width, cam.Height, cam.Fx, cam.Fy, cam.Cx, cam.Cy, _data.CameraToWorld(frame));
        bool forced = false;
        if (_condition is not null)
            Condition(frame, camera, rng);
        else
        {
            // Drawn only when augmentation is on, so a run without it consumes exactly the random numbers it always did.
            if (_augmenter is not null) _augment = SpectralAugmentDraw.Draw(_preset.AudioAugment, rng);
            FeatureWindow.GatherSmoothingWindows(frame, _data.FrameCount, FeatureWindow.FullSmoothingLookAhead, _data.WindowFloats,
                _writeWindow, _windows);
            _audio.Encode(p, blocks, _windows, useAttention, _codes, _code);
            forced = _forcing && rng.NextSingle() < _preset.MouthCodeForcing;
            if (_forcing) MouthCodeForcing.Compose(_code, _data.MouthShape(frame), forced, _fieldCode);
            else _code.CopyTo(_fieldCode, 0);
        }
        var roi = AvatarRenderer.HeadRegion(camera, _model.Config.Head.Bounds);
        var fm = _data.Manifest.Frames[frame];
        var lips = fm.LipsBox.ToPixelRect().Inflate(4, cam.Width, cam.Height);
        var face = fm.FaceBox.ToPixelRect();
        // In the lips stage with a patch loss the first side² rays are the patch; the others are drawn as usual.
        var patch = lipsStage && _patch is not null ? LipsPatchSampler.Place(lips, _patch.Side, cam.Width, cam.Height, rng) : null;
        int patchRays = 0;
        if (patch is { } placed)
        {
            patchRays = _patch!.Side * _patch.Side;
            LipsPatchSampler.Fill(placed, _patch.Side, w, _pixels);
        }
        float lipsShare = lipsStage && patch is null ? _preset.LipsStageRayFraction : _preset.LipsRayFraction;
        // After the patch come the rays on the gap between the lips (if asked for), then the lips box's, then the head's.
        var gap = _preset.MouthGapRayFraction > 0 ? InnerLipsBox(frame, cam.Width, cam.Height) : default;
        int gapEnd = patchRays + (gap.IsEmpty ? 0 : (int)((_rays - patchRays) * _preset.MouthGapRayFraction));
        int lipsEnd = lips.IsEmpty ? gapEnd : Math.Min(_rays, gapEnd + (int)((_rays - patchRays) * lipsShare));
        for (int r = 0; r < _rays; r++)
        {
            if (r >= patchRays)
            {
                var box = r < gapEnd ? gap : r < lipsEnd ? lips : roi;
                int bx = box.X + rng.Next(box.Width), by = box.Y + rng.Next(box.Height);
                _pixels[r] = by * w + bx;
            }
            int x = _pixels[r] % w, y = _pixels[r] / w;
            _regions[r] = !face.Contains(x, y) ? RayRegion.OutsideFace : lips.Contains(x, y) ? RayRegion.Lips : RayRegion.Face;
        }
        RayGenerator.Pixels(camera, _pixels, _origins, _dirs);

        var latentRow = blocks.Head.Latents.Offset + frame * _model.Config.Head.LatentWidth;
        var latent = p.AsSpan(latentRow, _model.Config.Head.LatentWidth);
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        _pass.Render(p, blocks.Head, _origins, _dirs, _fieldCode, (float)fm.Eye, latent, _color, _opacity, (uint)rng.Next());

        // Composite over what is behind the head and compare with the recording.
        byte[] gt = _data.Frames[frame], labels = _data.Labels[frame], plate = _data.Plate;
        double sse = 0;
        for (int r = 0; r < _rays; r++)
        {
            int px = _pixels[r];
            bool head = labels[px] == 1;
            for (int ch = 0; ch < 3; ch++)
            {
                float below = (head ? plate[3 * px + ch] : gt[3 * px + ch]) * (1f / 255f);
                float target = gt[3 * px + ch] * (1f / 255f);
                float final = _color[3 * r + ch] + (1f - _opacity[r]) * below;
                _below[3 * r + ch] = below; _target[3 * r + ch] = target; _final[3 * r + ch] = final;
                float d = final - target;
                sse += d * d;
                _gColor[3 * r + ch] = 2f * d / (3f * _rays);
            }
        }
        if (patchRays > 0)
            _patch!.Step(_final.AsSpan(0, 3 * patchRays), _target.AsSpan(0, 3 * patchRays), _preset.LipsPatchWeight,
                _gColor.AsSpan(0, 3 * patchRays));
        RenderLosses.EntropyBackward(_opacity, _preset.EntropyWeight, _gOpacity);
        for (int r = 0; r < _rays; r++)
            _gOpacity[r] -= _gColor[3 * r] * _below[3 * r] + _gColor[3 * r + 1] * _below[3 * r + 1] + _gColor[3 * r + 2] * _below[3 * r + 2];

        long t1 = System.Diagnostics.Stopwatch.GetTimestamp();
        int m = _pass.Samples.SampleCount;
        Array.Clear(_gCode);
        Array.Clear(_gLatent);
        _pass.Backward(p, blocks.Head, _gColor, _gOpacity, _regions, _preset.AmbientWeight, _preset.LipsGateWeight, Gradients,
            _gCode, _gLatent, _preset.AttentionWeight);
        for (int k = 0; k < _gLatent.Length; k++) Gradients[latentRow + k] += _gLatent[k];
        if (_condition is not null)
        {
            ConditionBackward();
            return new StepStats(sse / (3.0 * _rays), m);
        }

        // The mouth probe's or the forced entries' regression joins the code's gradient (neither is part of the
        // photometric figure returned).
        if (_forcing)
            MouthCodeForcing.Backward(_code, _data.MouthShape(frame), forced, _preset.MouthProbeWeight, _gCode);
        else if (_probe is not null && blocks.MouthProbe is { } probe)
            _probe.Step(p.AsSpan(probe.Offset, probe.Count), _code, _data.MouthShape(frame), _preset.MouthProbeWeight,
                Gradients.AsSpan(probe.Offset, probe.Count), _gCode);

        long t3 = System.Diagnostics.Stopwatch.GetTimestamp();
        // Audio: through the attention (when on) into every neighbour's code, then through the audio network.
        var ac = _model.Config.Audio;
        var gNet = Gradients.AsSpan(blocks.AudioNet.Offset, blocks.AudioNet.Count);
        var pNet = p.AsSpan(blocks.AudioNet.Offset, blocks.AudioNet.Count);
        if (useAttention)
        {
            AudioAttentionBackward.Backward(ac, p.AsSpan(blocks.AudioAttention.Offset, blocks.AudioAttention.Count), _codes,
                _gCode, Gradients.AsSpan(blocks.AudioAttention.Offset, blocks.AudioAttention.Count), _gCodes);
            AudioNetBackward.Backward(ac, pNet, _windows, _gCodes, gNet);
        }
        else
        {
            int c = AudioConditioner.CentreIndex;
            AudioNetBackward.Backward(ac, pNet, _windows.AsSpan(c * ac.WindowFloats, ac.WindowFloats), _gCode, gNet);
        }
        long t4 = System.Diagnostics.Stopwatch.GetTimestamp();
        if (PrintTiming)
            Console.Error.WriteLine($"fwd {Ms(t0, t1):F0} bwd {Ms(t1, t3):F0} audio {Ms(t3, t4):F0} ms, {m} samples");
        return new StepStats(sse / (3.0 * _rays), m);
    }

    /// <summary>
    /// The box around the frame's recorded inner-lip landmarks (dlib 60–67), widened by <see cref="GapMargin"/> pixels and
    /// clipped to the image: where the gap between the lips opens and closes, so rays drawn here see teeth and mouth
    /// interior whenever the recording shows them.
    /// </summary>
    private PixelRect InnerLipsBox(int frame, int width, int height)
    {
        int per = 2 * LandmarkFrameConfig.DlibPointCount;
        var (minX, minY, maxX, maxY) = FaceLandmarks.Bounds(_landmarks.AsSpan(frame * per, per),
            FaceLandmarks.InnerLipsFirst, FaceLandmarks.InnerLipsLast);
        if (!(float.IsFinite(minX) && float.IsFinite(maxX) && float.IsFinite(minY) && float.IsFinite(maxY))) return default;
        int x0 = (int)MathF.Floor(minX), y0 = (int)MathF.Floor(minY);
        var box = new PixelRect(x0, y0, (int)MathF.Ceiling(maxX) - x0, (int)MathF.Ceiling(maxY) - y0);
        return box.Inflate(GapMargin, width, height);
    }

    /// <summary>The frame's recorded landmarks → its FiLM vector in the field's code, keeping what the backward needs.</summary>
    private void Condition(int frame, PinholeCamera camera, Random rng)
    {
        int per = 2 * LandmarkFrameConfig.DlibPointCount;
        ReadOnlySpan<float> landmarks = _landmarks.AsSpan(frame * per, per);
        if (_preset.LandmarkNoisePixels > 0)
        {
            // Drawn only when noise is on, so a run without it consumes exactly the random numbers it always did.
            LandmarkJitter.Apply(landmarks, _condition!.Config.Frame.Indices, _preset.LandmarkNoisePixels, rng, _noisyLandmarks);
            landmarks = _noisyLandmarks;
        }
        try
        {
            _condition!.Positions(camera, landmarks, _positions);
        }
        catch (ArgumentException e)
        {
            throw new EdgeAvatarException(ExitCodes.DataError, $"training frame {frame}: its landmarks cannot be put in the head frame: {e.Message}");
        }
        _condition.Film(_model.Parameters, _model.Blocks.Head, _positions, _fieldCode, _encoded, _conditionHidden);
    }

    /// <summary>dL/d(FiLM vector), summed over the frame's samples by the field's backward → condition network → grid.</summary>
    private void ConditionBackward()
    {
        var p = _model.Parameters;
        var head = _model.Blocks.Head;
        ParameterBlock grid = head.LandmarkGrid!, net = head.ConditionNetwork!;
        LandmarkConditionerBackward.Backward(_condition!.Conditioner, p.AsSpan(grid.Offset, grid.Count), p.AsSpan(net.Offset, net.Count),
            _positions, _encoded, _conditionHidden, _gCode, Gradients.AsSpan(grid.Offset, grid.Count),
            Gradients.AsSpan(net.Offset, net.Count));
    }

    private static double Ms(long a, long b) => System.Diagnostics.Stopwatch.GetElapsedTime(a, b).TotalMilliseconds;
}
