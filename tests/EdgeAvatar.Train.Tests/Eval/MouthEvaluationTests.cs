using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Prepare.Pipeline;
using EdgeAvatar.Train.Eval;

namespace EdgeAvatar.Train.Tests.Eval;

/// <summary>
/// The mouth measures wired to a dataset: synthetic landmarks with known openings, synthetic phone timings (a fake
/// recogniser), openings recorded for chosen frames. Expectations come from the frame arithmetic, 25 fps: frame i covers
/// [i/25, (i+1)/25) and takes the phone at its centre.
/// </summary>
public sealed class MouthEvaluationTests
{
    private const double Fps = 25;

    /// <summary>AA over frames 0–9, M over frames 10–19, SIL after (the boundaries sit on frame edges, not centres).</summary>
    private static IReadOnlyList<TimedPhone> Phones(float[] pcm)
    {
        Assert.NotEmpty(pcm);
        return [new("AA", 0, 10 / Fps), new("M", 10 / Fps, 20 / Fps), new("SIL", 20 / Fps, 40 / Fps)];
    }

    /// <summary>Frame i's real opening in the synthetic landmarks: 0.05 on AA frames, 0.01 on M frames, 0.03 after.</summary>
    private static double WholeClipOpening(int i) => i < 10 ? 0.05 : i < 20 ? 0.01 : 0.03;

    private static void WriteLandmarks(SyntheticDataset ds, int frames, int invalidOpenFrame)
    {
        var xy = new float[frames * 136];
        for (int i = 0; i < frames; i++)
        {
            // Eye corners 100 px apart, so the middle gap in px is 100 × opening (all three gaps equal).
            double gap = 100 * (i == invalidOpenFrame ? 0.5 : WholeClipOpening(i));
            MouthOpeningTests.Shape(gap, gap, gap).CopyTo(xy, i * 136);
        }
        string path = Path.Combine(ds.Directory, "landmarks.f32");
        File.Delete(path);
        DatasetWriter.WriteFloats(path, xy);
    }

    [SkippableFact]
    public void Openings_and_phones_give_the_mouth_measures_beside_the_real_person()
    {
        Skip.IfNot(EvalTestFiles.FfmpegAvailable, "ffmpeg is not installed");
        using var ds = SyntheticDataset.Create(33, null, 15); // frame 15 (an M frame) is invalid
        Assert.Equal(Fps, ds.Reader.Manifest.Fps);
        WriteLandmarks(ds, 33, invalidOpenFrame: 15);
        // Recorded frames 8, 9 (AA), 10, 11 (M), 25 (SIL). Real 0.05 0.05 0.01 0.01 0.03; rendered a half-open mouth
        // that barely moves: 0.03 0.034 0.028 0.03 0.026.
        (int, double, double)[] openings = [(8, 0.05, 0.03), (9, 0.05, 0.034), (10, 0.01, 0.028), (11, 0.01, 0.03), (25, 0.03, 0.026)];

        var (corr, amp, scores) = MouthEvaluation.Measure(ds.Reader, openings, Phones);

        double[] real = [0.05, 0.05, 0.01, 0.01, 0.03], rendered = [0.03, 0.034, 0.028, 0.03, 0.026];
        Assert.Equal(ReferencePearson(rendered, real), corr!.Value, 9);
        // p90 − p10 by hand: real sorted 0.01 0.01 0.03 0.05 0.05 → p90 at 3.6 = 0.05, p10 at 0.4 = 0.01 → 0.04;
        // rendered sorted 0.026 0.028 0.03 0.03 0.034 → p90 = 0.03 + 0.6 × 0.004 = 0.0324, p10 = 0.0268 → 0.0056.
        Assert.Equal(0.0056 / 0.04, amp!.Value, 9);
        Assert.NotNull(scores);
        Assert.Equal(5, scores.Frames);
        Assert.Equal(0.04, scores.RealSpread, 9);

        // Self-driven visemes on the recorded frames: rendered vowels 0.03, 0.034 → 0.032; bilabials 0.028, 0.03 → 0.029.
        Assert.Equal(0.032, scores.Rendered!.OpenVowel!.Value, 9);
        Assert.Equal(0.029, scores.Rendered.Bilabial!.Value, 9);
        Assert.Equal(0.003, scores.Rendered.Contrast!.Value, 9);
        Assert.Equal(0.04, scores.Real!.Contrast!.Value, 9);
        // Whole clip from the landmarks: 10 AA frames at 0.05, 9 valid M frames at 0.01 (the invalid wide-open frame 15
        // is left out; with it the median would still be 0.01, so the frame counts check it).
        Assert.Equal(0.05, scores.RealWholeClip!.OpenVowel!.Value, 6);
        Assert.Equal(0.01, scores.RealWholeClip.Bilabial!.Value, 6);
        Assert.Equal(10, scores.RealWholeClip.OpenVowelFrames);
        Assert.Equal(9, scores.RealWholeClip.BilabialFrames);
        Assert.Equal(1.0, scores.RealWholeClip.WiderShare!.Value, 12);
    }

    [SkippableFact]
    public void Without_a_phone_source_only_correlation_and_amplitude_are_measured()
    {
        Skip.IfNot(EvalTestFiles.FfmpegAvailable, "ffmpeg is not installed");
        using var ds = SyntheticDataset.Create(33);
        var (corr, amp, scores) = MouthEvaluation.Measure(ds.Reader, [(30, 0.01, 0.02), (31, 0.03, 0.06)], null);
        Assert.Equal(1.0, corr!.Value, 9);
        Assert.Equal(2.0, amp!.Value, 9);
        Assert.Null(scores!.Rendered);
        Assert.Null(scores.RealWholeClip);

        Assert.Equal((null, null, null), MouthEvaluation.Measure(ds.Reader, [(30, 0.01, 0.02)], Phones));
    }

    private static double ReferencePearson(double[] a, double[] b)
    {
        int n = a.Length;
        double sa = a.Sum(), sb = b.Sum(), sab = a.Zip(b, (x, y) => x * y).Sum(), saa = a.Sum(x => x * x), sbb = b.Sum(x => x * x);
        return (n * sab - sa * sb) / Math.Sqrt((n * saa - sa * sa) * (n * sbb - sb * sb));
    }
}
