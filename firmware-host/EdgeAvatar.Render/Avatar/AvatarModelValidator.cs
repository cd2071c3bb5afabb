using System.Numerics;
using EdgeAvatar.Common;

namespace EdgeAvatar.Render.Avatar;

/// <summary>
/// The one check that a baked avatar can be drawn, run wherever a model is accepted (inspect, model install, run,
/// reload, bench: all go through <see cref="AvatarModelFile"/>). The container's checksum only proves the bytes are
/// the ones written; this proves the values make sense: the kind, every config field's range, finite numbers, tensor
/// shapes that agree with the config, and work per frame that is bounded (pixels per frame, march steps per ray), so a
/// model that passes renders every frame in bounded time. A failure is <see cref="ExitCodes.DataError"/> naming the
/// field. The limits are far outside anything the trainer writes and inside what the renderers index with int.
/// </summary>
public static class AvatarModelValidator
{
    /// <summary>Largest camera side: the renderers' and <see cref="AvatarModel.WithSize"/>'s limit.</summary>
    public const int MaxImageSide = 4096;

    /// <summary>Smallest camera side (the same limit as <see cref="AvatarModel.WithSize"/>).</summary>
    public const int MinImageSide = 16;

    /// <summary>
    /// Most march steps along the head box's diagonal. The marcher walks empty cells in whole steps, so a tiny step
    /// makes a ray's loop (and a frame) unbounded, and below float resolution t stops advancing at all.
    /// </summary>
    public const int MaxStepsAcrossBox = 4096;

    /// <summary>Longest idle track: about 11 hours at 25 fps, far beyond any recording; keeps F × 16 inside int.</summary>
    public const int MaxTrackLength = 1 << 20;

    /// <summary>Largest magnitude of any coordinate (head box, camera centre, pose, torso shift) in world or pixel units.</summary>
    public const float MaxMagnitude = 1e5f;

    /// <summary>Largest magnitude of a network parameter: the fp16 range the bake stores them in.</summary>
    public const float MaxParameter = 65504f;

    /// <summary>Checks the manifest's config before any tensor is read; returns the model config.</summary>
    public static AvatarModelConfig CheckInfo(BakedAvatarInfo? info, string where)
    {
        var problems = new List<string>();
        if (info is null) throw Fail(where, ["config: missing"]);
        if (info.Model is null) problems.Add("model: missing");
        if (info.Camera is null) problems.Add("camera: missing");
        if (info.Normalization is null) problems.Add("normalization: missing");
        if (info.MeanCentre is not { Length: 3 }) problems.Add("meanCentre: must be 3 numbers");
        else CheckFinite(info.MeanCentre, "meanCentre", MaxMagnitude, problems);
        if (info.TrackLength is < 1 or > MaxTrackLength) problems.Add($"trackLength: {info.TrackLength} is outside 1..{MaxTrackLength}");
        if (problems.Count > 0) throw Fail(where, problems);

        CheckModelConfig(info.Model!, problems);
        CheckCamera(info.Camera!, problems);
        var r = info.TorsoRegion;
        // An all-zero region is "no torso" (a dataset without torso pixels); anything else must lie in the frame.
        if (r != default && (r.X < 0 || r.Y < 0 || r.Width <= 0 || r.Height <= 0
            || (long)r.X + r.Width > info.Camera!.Width || (long)r.Y + r.Height > info.Camera.Height))
            problems.Add($"torsoRegion: {r.X},{r.Y} {r.Width}x{r.Height} is not inside the {info.Camera!.Width}x{info.Camera.Height} camera");
        try
        {
            info.Normalization!.Validate(80);
        }
        catch (EdgeAvatarException e)
        {
            problems.Add("normalization: " + e.Message);
        }
        if (info.Mouth is { } mouth) CheckMouth(mouth, info.Model!, problems);
        if (problems.Count > 0) throw Fail(where, problems);
        return info.Model!;
    }

    /// <summary>Checks the tensor values: networks, tracks. Sizes were checked against the config by the loader.</summary>
    public static void CheckValues(float[] parameters, float[] poseTrack, float[] eyeTrack, float[] torsoTrack, string where)
    {
        var problems = new List<string>();
        CheckFinite(parameters, "network parameters", MaxParameter, problems);
        CheckFinite(poseTrack, AvatarModelFile.PoseTrackTensor, MaxMagnitude, problems);
        CheckFinite(eyeTrack, AvatarModelFile.EyeTrackTensor, MaxMagnitude, problems);
        CheckFinite(torsoTrack, AvatarModelFile.TorsoTrackTensor, MaxMagnitude, problems);
        if (problems.Count > 0) throw Fail(where, problems);
    }

    private static void CheckModelConfig(AvatarModelConfig model, List<string> problems)
    {
        if (model.Head is null || model.Audio is null || model.Torso is null)
        {
            problems.Add("model: head, audio and torso must all be present");
            return;
        }
        var head = model.Head;
        if (head.SpatialGrid is null || head.AmbientGrid is null || model.Torso.Grid is null)
        {
            problems.Add("model: a grid encoding (head spatialGrid, ambientGrid or torso grid) is missing");
            return;
        }
        if (head.Box is not { Length: 6 })
            problems.Add("model.head.box: must be 6 numbers");
        else
        {
            CheckFinite(head.Box, "model.head.box", MaxMagnitude, problems);
            if (!(float.IsFinite(head.StepSize) && head.StepSize > 0f))
                problems.Add($"model.head.stepSize: {head.StepSize} must be a positive number");
            else if (head.Box.All(float.IsFinite))
            {
                var size = new Vector3(head.Box[3] - head.Box[0], head.Box[4] - head.Box[1], head.Box[5] - head.Box[2]);
                double steps = size.Length() / (double)head.StepSize;
                if (steps > MaxStepsAcrossBox)
                    problems.Add($"model.head.stepSize: {head.StepSize} needs {steps:G3} steps across the head box; at most {MaxStepsAcrossBox} are allowed");
            }
        }
        try
        {
            problems.AddRange(model.Validate().Select(p => "model: " + p));
        }
        catch (Exception e) when (e is NullReferenceException or ArgumentException or OverflowException)
        {
            // A field the JSON left null deep inside a sub-config: the sub-config's own checks assume it exists.
            problems.Add($"model: incomplete configuration ({e.Message})");
        }
    }

    /// <summary>
    /// The generator must run (its own checks) and fit its head: a measures generator fills exactly the mouth entries a
    /// radnerf head was trained with (the audio code's first <c>MouthTargets</c> entries); a landmark generator makes
    /// exactly the landmark row an r2talker head's condition takes.
    /// </summary>
    private static void CheckMouth(Mouth.MouthGenerator mouth, AvatarModelConfig model, List<string> problems)
    {
        problems.AddRange(mouth.Validate().Select(p => "mouth." + p));
        if (model.Head is not { } head) return;
        if (head.IsR2Talker != mouth.IsLandmarks)
        {
            problems.Add($"mouth.kind: a '{mouth.Kind}' generator cannot drive a '{head.Variant}' head (radnerf takes "
                + $"{Mouth.MouthGenerator.LinearKind}, r2talker {Mouth.MouthGenerator.LandmarkKind})");
            return;
        }
        if (mouth.IsLandmarks)
        {
            if (head.Condition is { } condition && mouth.Outputs != condition.PositionFloats)
                problems.Add($"mouth.mean: {mouth.Outputs} values, but the head's landmark condition takes rows of {condition.PositionFloats}");
        }
        else if (model.Audio is { } audio && mouth.Measures != audio.MouthTargets)
            problems.Add($"mouth.measures: {mouth.Measures}, but the head's audio code has {audio.MouthTargets} mouth entries");
    }

    private static void CheckCamera(CameraIntrinsics cam, List<string> problems)
    {
        if (cam.Width is < MinImageSide or > MaxImageSide || cam.Height is < MinImageSide or > MaxImageSide)
            problems.Add($"camera: {cam.Width}x{cam.Height} is outside {MinImageSide}..{MaxImageSide} per side");
        if (!(float.IsFinite(cam.Fx) && cam.Fx > 0f && cam.Fx <= MaxMagnitude))
            problems.Add($"camera.fx: {cam.Fx} must be a positive focal length up to {MaxMagnitude}");
        if (!(float.IsFinite(cam.Fy) && cam.Fy > 0f && cam.Fy <= MaxMagnitude))
            problems.Add($"camera.fy: {cam.Fy} must be a positive focal length up to {MaxMagnitude}");
        if (!(float.IsFinite(cam.Cx) && MathF.Abs(cam.Cx) <= MaxMagnitude))
            problems.Add($"camera.cx: {cam.Cx} must be a finite number up to {MaxMagnitude} in size");
        if (!(float.IsFinite(cam.Cy) && MathF.Abs(cam.Cy) <= MaxMagnitude))
            problems.Add($"camera.cy: {cam.Cy} must be a finite number up to {MaxMagnitude} in size");
    }

    private static void CheckFinite(ReadOnlySpan<float> values, string field, float limit, List<string> problems)
    {
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (!float.IsFinite(v) || MathF.Abs(v) > limit)
            {
                problems.Add($"{field}: value {i} is {v}; every value must be finite and at most {limit} in size");
                return;
            }
        }
    }

    private static EdgeAvatarException Fail(string where, IReadOnlyList<string> problems)
        => new(ExitCodes.DataError, $"{where} is not a drawable avatar: " + string.Join("; ", problems.Take(4))
            + (problems.Count > 4 ? $" (and {problems.Count - 4} more)" : ""));
}
