using System.Globalization;

namespace EdgeAvatar.Train.Eval;

/// <summary>
/// The printed form of an <see cref="EvalReport"/>: image scores beside the mean-image floor, the error per region,
/// then the mouth measures beside the real person's own values (the held-out frames, and for the viseme contrast also
/// the whole clip), and one line per drive clip.
/// </summary>
public static class EvalTable
{
    public static void Write(TextWriter o, EvalReport report)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(report);
        var b = report.Baseline;
        o.WriteLine($"frames: {report.Frames} validation frames ({report.RenderFps:F2} render fps)"
            + (report.MouthSource is string mouth ? $"; mouth from the {mouth switch { "generator" => "model's mouth generator", "recorded" => "recorded person's own measures (oracle)", _ => "audio network" }}" : ""));
        o.WriteLine($"            model    mean-image floor");
        o.WriteLine($"psnr      {report.Psnr,7:F2}  {b.Psnr,7:F2} dB");
        o.WriteLine($"ssim      {report.Ssim,7:F4}  {b.Ssim,7:F4}");
        o.WriteLine($"psnr_face {report.PsnrFace,7:F2}  {b.PsnrFace,7:F2} dB");
        o.WriteLine($"ssim_face {report.SsimFace,7:F4}  {b.SsimFace,7:F4}");
        if (report.PsnrMouth is double pm) o.WriteLine($"psnr_mouth{Db(pm)}  {Db(b.PsnrMouth)} dB");
        if (report.Lmd is double lmd) o.WriteLine($"lmd       {lmd,7:F2}  {b.Lmd,7:F2} px");
        if (report.Regions is { } regions)
        {
            o.WriteLine("region     psnr    floor  error share  pixels");
            foreach (RegionScore r in regions)
                o.WriteLine($"{r.Region,-10} {Db(r.Psnr)}  {Db(r.BaselinePsnr)}  {r.ErrorShare,10:P1}  {r.PixelShare,6:P1}");
        }
        if (report.SideBySide is string sbs) o.WriteLine($"video: {sbs}");
        if (report.Mouth is MouthScores m)
        {
            o.WriteLine($"mouth ({m.Frames} held-out frames, own audio)  rendered     real  real whole clip");
            o.WriteLine($"mouth_corr                          {N(report.MouthCorr)}  {N(1.0)}");
            o.WriteLine($"mouth_amp_ratio                     {N(report.MouthAmpRatio)}  {N(1.0)}");
            o.WriteLine($"  spread p90-p10                    {N(m.RenderedSpread)}  {N(m.RealSpread)}");
            if (m.Rendered is not null)
            {
                o.WriteLine($"viseme_contrast                     {N(m.Rendered.Contrast)}  {N(m.Real?.Contrast)}  {N(m.RealWholeClip?.Contrast)}");
                o.WriteLine($"  open vowels (AA AE AH AO AW AY)   {N(m.Rendered.OpenVowel)}  {N(m.Real?.OpenVowel)}  {N(m.RealWholeClip?.OpenVowel)}");
                o.WriteLine($"  bilabials (P B M)                 {N(m.Rendered.Bilabial)}  {N(m.Real?.Bilabial)}  {N(m.RealWholeClip?.Bilabial)}");
                o.WriteLine($"  frames vowel/bilabial             {m.Rendered.OpenVowelFrames,4}/{m.Rendered.BilabialFrames,-3}  "
                    + $"         {m.RealWholeClip?.OpenVowelFrames,4}/{m.RealWholeClip?.BilabialFrames}");
            }
        }
        foreach (CrossDriveReport c in report.Drives ?? [])
        {
            o.WriteLine($"cross-driven by {c.Audio}: {c.Frames} frames, mouth opening vs speech energy r = "
                + $"{c.MouthEnergyCorrelation:F2}; mean inner-lip opening {c.MeanOpeningSpeechPx:F1} px in speech, "
                + $"{c.MeanOpeningSilencePx:F1} px in silence");
            if (c.Viseme is VisemeOpening v)
                o.WriteLine($"  viseme_contrast {N(v.Contrast)} (real whole clip {N(report.Mouth?.RealWholeClip?.Contrast)}); "
                    + $"open vowels {N(v.OpenVowel)}, bilabials {N(v.Bilabial)} ({v.OpenVowelFrames}/{v.BilabialFrames} frames)");
            if (c.Video is string cv) o.WriteLine($"  cross-driven video: {cv}");
        }
    }

    /// <summary>A region's PSNR column: dB, or a dash when no scored pixel carried the label.</summary>
    private static string Db(double? psnr) => psnr is double d ? $"{d,7:F2}" : "      -";

    /// <summary>A measure column: 4 decimals, or a dash when it could not be measured.</summary>
    private static string N(double? x) => x is double d ? d.ToString("F4", CultureInfo.InvariantCulture).PadLeft(8) : "       -";
}
