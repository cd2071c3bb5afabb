using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeAvatar.Common;

namespace EdgeAvatar.Train.Eval;

/// <summary>
/// The result of one evaluation, serialised (snake_case) as
/// <c>{ psnr, ssim, psnr_face, ssim_face, lmd, frames, psnr_mouth, baseline: { same keys }, regions: [ { region, psnr,
/// baseline_psnr, error_share, pixel_share } ], render_fps, ... }</c>; the model's
/// scores sit at the top level so scripts read <c>.psnr</c> directly. <see cref="RenderFps"/> = frames rendered /
/// seconds spent inside <see cref="IEvalFrameRenderer.Render"/> (every visited frame, scored or not).
/// </summary>
public sealed record EvalReport
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public required double Psnr { get; init; }
    public required double Ssim { get; init; }
    public required double PsnrFace { get; init; }
    public required double SsimFace { get; init; }
    public required double? Lmd { get; init; }
    public required int Frames { get; init; }

    /// <summary>PSNR inside each real frame's lips box (<see cref="EvalScores.PsnrMouth"/>); null in older reports.</summary>
    public double? PsnrMouth { get; init; }
    public required EvalScores Baseline { get; init; }

    /// <summary>
    /// Where the error is: one entry per part label (background, head, neck, torso) in label order. Null in reports
    /// written before regions were measured.
    /// </summary>
    public IReadOnlyList<RegionScore>? Regions { get; init; }
    public required double RenderFps { get; init; }

    /// <summary>Val frames visited (rendered), including the unscored invalid ones.</summary>
    public required int FramesRendered { get; init; }

    /// <summary>The side-by-side video written, or null.</summary>
    public string? SideBySide { get; init; }

    /// <summary>Whether the side-by-side video carries the dataset's audio.</summary>
    public bool SideBySideAudio { get; init; }

    /// <summary>
    /// Rendered vs real mouth opening (<see cref="MouthOpening"/>) over the scored held-out frames, rendered from the
    /// clip's own audio: Pearson r. Null without landmarks (<c>--no-lmd</c>). The real person's own value is 1.
    /// </summary>
    public double? MouthCorr { get; init; }

    /// <summary>
    /// What filled the head's mouth entries: "generator" (the model's mouth generator over recognised phones) or
    /// "audio" (the audio network). Null in reports written before models carried generators.
    /// </summary>
    public string? MouthSource { get; init; }

    /// <summary>p90 − p10 spread of the rendered opening ÷ the real one's (real: 1; <see cref="MouthScores"/> has both).</summary>
    public double? MouthAmpRatio { get; init; }

    /// <summary>
    /// The render's open-vowel minus bilabial opening on the held-out frames (self-driven); the real person's own values
    /// are in <see cref="Mouth"/>. Null without landmarks or phones.
    /// </summary>
    public double? VisemeContrast { get; init; }

    /// <summary>The details behind the three mouth measures, with the real person's values beside them.</summary>
    public MouthScores? Mouth { get; init; }

    /// <summary>One entry per <c>--drive</c> clip (the avatar driven by another voice), in command-line order.</summary>
    public IReadOnlyList<CrossDriveReport>? Drives { get; init; }

    [JsonIgnore]
    public EvalScores Model => new(Psnr, Ssim, PsnrFace, SsimFace, Lmd, Frames, PsnrMouth);

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    public static EvalReport FromJson(string json)
        => JsonSerializer.Deserialize<EvalReport>(json, s_json) ?? throw new JsonException("Empty evaluation report.");

    /// <summary>Writes the JSON atomically (temporary sibling, then rename).</summary>
    public void WriteJson(string path) => AtomicFile.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(ToJson() + "\n"));
}
