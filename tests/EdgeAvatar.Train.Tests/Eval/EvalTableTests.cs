using System.Globalization;
using EdgeAvatar.Train.Eval;

namespace EdgeAvatar.Train.Tests.Eval;

public sealed class EvalTableTests
{
    private static EvalReport Report(double? psnrMouth, double? baselinePsnrMouth) => new()
    {
        Psnr = 27.5, Ssim = 0.91, PsnrFace = 26.25, SsimFace = 0.88, Lmd = 2.5, Frames = 41, PsnrMouth = psnrMouth,
        Baseline = new EvalScores(20.25, 0.83, 18.75, 0.73, 11.75, 41, baselinePsnrMouth),
        RenderFps = 1.5, FramesRendered = 41,
    };

    private static string[] Lines(EvalReport report)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            using var o = new StringWriter();
            EvalTable.Write(o, report);
            return o.ToString().Split(o.NewLine, StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Lips_box_psnr_is_printed_beside_its_floor()
    {
        string[] lines = Lines(Report(26.37, 21.05));
        Assert.Contains("psnr_mouth  26.37    21.05 dB", lines);
        // It sits with the other image scores, after the face box's and before LMD.
        int mouth = Array.FindIndex(lines, l => l.StartsWith("psnr_mouth", StringComparison.Ordinal));
        Assert.True(mouth > Array.FindIndex(lines, l => l.StartsWith("ssim_face", StringComparison.Ordinal)));
        Assert.True(mouth < Array.FindIndex(lines, l => l.StartsWith("lmd", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_report_without_the_lips_box_psnr_prints_no_line_for_it()
    {
        Assert.DoesNotContain(Lines(Report(null, null)), l => l.Contains("psnr_mouth", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_floor_prints_a_dash()
    {
        Assert.Contains("psnr_mouth  26.37        - dB", Lines(Report(26.37, null)));
    }
}
