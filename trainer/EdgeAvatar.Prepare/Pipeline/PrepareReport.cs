using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>
/// The summary prepare prints on success: stage timings (wall seconds, in pipeline order; "(audio-decode)" ran on
/// its own thread during "track" and is not part of the sum), frames, valid fraction, reprojection error, focal.
/// </summary>
public sealed record PrepareReport
{
    public required string Dataset { get; init; }
    public required int Frames { get; init; }
    public required int Size { get; init; }
    public required double Fps { get; init; }
    public required double ValidFraction { get; init; }
    public required int InterpolatedFrames { get; init; }
    public required double ReprojectionMedianPx { get; init; }
    public required double ReprojectionP95Px { get; init; }
    public required double FocalPx { get; init; }
    public required string Background { get; init; }
    public required double BackgroundObservedFraction { get; init; }
    public required IReadOnlyList<KeyValuePair<string, double>> StageSeconds { get; init; }
    public required double TotalSeconds { get; init; }
    public required long DatasetBytes { get; init; }

    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"dataset:       {Dataset}");
        sb.AppendLine(c, $"frames:        {Frames} at {Size}x{Size}, {Fps:0.###} fps ({Frames / Fps:F1} s)");
        sb.AppendLine(c, $"valid:         {ValidFraction * 100:F1} % ({InterpolatedFrames} interpolated)");
        sb.AppendLine(c, $"reprojection:  median {ReprojectionMedianPx:F2} px, p95 {ReprojectionP95Px:F2} px");
        sb.AppendLine(c, $"focal:         {FocalPx:F1} px");
        sb.AppendLine(c, $"background:    {Background} ({BackgroundObservedFraction * 100:F1} % observed)");
        sb.AppendLine(c, $"size on disk:  {DatasetBytes / 1e6:F1} MB");
        sb.AppendLine("stages (wall time; a stage in parentheses ran concurrently with the one before it):");
        foreach (var (name, seconds) in StageSeconds)
            sb.AppendLine(c, $"  {name,-15} {seconds,7:F2} s");
        sb.AppendLine(c, $"  {"total",-15} {TotalSeconds,7:F2} s ({Frames / Math.Max(1e-9, TotalSeconds):F1} frames/s)");
        return sb.ToString();
    }

    public string ToJson()
    {
        var o = new Dictionary<string, object>
        {
            ["dataset"] = Dataset,
            ["frames"] = Frames,
            ["size"] = Size,
            ["fps"] = Fps,
            ["valid_fraction"] = ValidFraction,
            ["interpolated_frames"] = InterpolatedFrames,
            ["reprojection_median_px"] = ReprojectionMedianPx,
            ["reprojection_p95_px"] = ReprojectionP95Px,
            ["focal_px"] = FocalPx,
            ["background"] = Background,
            ["background_observed_fraction"] = BackgroundObservedFraction,
            ["dataset_bytes"] = DatasetBytes,
            ["stage_seconds"] = StageSeconds.ToDictionary(s => s.Key, s => s.Value),
            ["total_seconds"] = TotalSeconds,
        };
        return JsonSerializer.Serialize(o, new JsonSerializerOptions { WriteIndented = true });
    }
}
