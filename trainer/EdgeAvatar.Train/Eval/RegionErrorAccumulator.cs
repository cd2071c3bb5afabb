using EdgeAvatar.Common;
using EdgeAvatar.Prepare.Segmentation;

namespace EdgeAvatar.Train.Eval;

/// <summary>
/// Sums of squared error (8-bit units², three samples a pixel) and pixel counts per part label, for one contestant.
/// Says where a full-frame score is lost: on the 71-s clip the torso and neck, not the head, held most of it.
/// Invariant: every label value is one of <see cref="PartLabels"/> (0..3); any other value is a corrupt dataset.
/// </summary>
internal sealed class RegionErrorAccumulator
{
    /// <summary>Region names in label order (<see cref="PartLabels"/> values 0..3).</summary>
    public static readonly string[] Names = ["background", "head", "neck", "torso"];

    private readonly long[] _squaredError = new long[Names.Length];
    private readonly long[] _pixels = new long[Names.Length];

    /// <summary>Adds one frame: <paramref name="labels"/> holds a label per pixel, the images rgb24 of the same size.</summary>
    public void Add(ReadOnlySpan<byte> labels, ReadOnlySpan<byte> real, ReadOnlySpan<byte> candidate)
    {
        if (real.Length != labels.Length * 3 || candidate.Length != real.Length)
            throw new ArgumentException($"Images must be 3 bytes per label ({labels.Length} labels), got {real.Length} and {candidate.Length}.");
        for (int p = 0; p < labels.Length; p++)
        {
            int label = labels[p];
            if (label >= Names.Length)
                throw new EdgeAvatarException(ExitCodes.DataError, $"The label map holds the value {label}; part labels are 0..{Names.Length - 1}.");
            int o = 3 * p;
            int r = real[o] - candidate[o], g = real[o + 1] - candidate[o + 1], b = real[o + 2] - candidate[o + 2];
            _squaredError[label] += r * r + g * g + b * b;
            _pixels[label]++;
        }
    }

    /// <summary>This contestant's regions, with <paramref name="baseline"/>'s PSNR beside each (same frames).</summary>
    public IReadOnlyList<RegionScore> ToScores(RegionErrorAccumulator baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        long totalError = _squaredError.Sum(), totalPixels = _pixels.Sum();
        var scores = new RegionScore[Names.Length];
        for (int k = 0; k < Names.Length; k++)
        {
            scores[k] = new RegionScore(Names[k], Psnr(k), baseline.Psnr(k),
                totalError > 0 ? (double)_squaredError[k] / totalError : 0,
                totalPixels > 0 ? (double)_pixels[k] / totalPixels : 0);
        }
        return scores;
    }

    private double? Psnr(int label)
        => _pixels[label] == 0 ? null : ImageMetrics.PsnrFromMse((double)_squaredError[label] / (3 * _pixels[label]));
}
