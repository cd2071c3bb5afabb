using System.Text.Json;
using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Dataset;

/// <summary>
/// The root of <c>manifest.json</c>, the contract between <c>prepare</c> and the trainer (DATASET.md is the prose
/// form). Serialised with <see cref="DatasetJson.Options"/> (snake_case names). Invariants checked by
/// <see cref="DatasetReader"/>: <c>Frames.Count == FrameCount</c>, frame indices are 0..FrameCount-1 in order,
/// the split covers every frame exactly once, <c>Audio.FeatureFrames == 2 × FrameCount</c>.
/// </summary>
public sealed record DatasetManifest
{
    /// <summary>Value of <see cref="Format"/>; a reader refuses anything else.</summary>
    public const string FormatName = "edgeavatar-dataset";

    /// <summary>Bumped on any incompatible change of the layout; readers refuse versions they do not know.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Name of the pose convention of Pose/CONVENTIONS.md (head frame, 25 cm units, OpenGL camera axes).</summary>
    public const string PoseConventionName = "edgeavatar-head-v1";

    public string Format { get; init; } = FormatName;
    public int FormatVersion { get; init; } = CurrentVersion;
    public string CreatedBy { get; init; } = "";
    public required DatasetSource Source { get; init; }
    /// <summary>Square crop in source pixels, before scaling to Width × Height.</summary>
    public required DatasetBox Crop { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required double Fps { get; init; }
    public required int FrameCount { get; init; }
    public required CameraIntrinsics Intrinsics { get; init; }
    public string PoseConvention { get; init; } = PoseConventionName;
    public required DatasetPoseQuality PoseQuality { get; init; }
    public required DatasetTracking Tracking { get; init; }
    public required DatasetBackground Background { get; init; }
    public required IReadOnlyList<DatasetFrame> Frames { get; init; }
    public required DatasetSplit Split { get; init; }
    public required DatasetAudio Audio { get; init; }
    public required DatasetFiles Files { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, DatasetJson.Options);
}
