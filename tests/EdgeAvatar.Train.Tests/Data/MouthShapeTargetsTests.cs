using EdgeAvatar.Train.Data;

namespace EdgeAvatar.Train.Tests.Data;

public sealed class MouthShapeTargetsTests
{
    /// <summary>A face whose inner and outer lips open by <paramref name="open"/> px and whose mouth is
    /// <paramref name="width"/> px wide, scaled by <paramref name="zoom"/>.</summary>
    private static void Face(Span<float> l, float open, float width, float zoom)
    {
        for (int i = 0; i < 68; i++) { l[2 * i] = 100 * zoom; l[2 * i + 1] = 100 * zoom; }
        (int I, float X, float Y)[] points =
        [
            (36, 60, 80), (45, 140, 80),                      // eye corners: 80 px apart
            (62, 100, 150), (66, 100, 150 + open),            // inner lips
            (51, 100, 146), (57, 100, 154 + open),            // outer lips
            (48, 100 - width / 2, 152), (54, 100 + width / 2, 152),
            (60, 100 - width / 2 + 4, 152), (64, 100 + width / 2 - 4, 152),
        ];
        foreach (var (i, x, y) in points) { l[2 * i] = x * zoom; l[2 * i + 1] = y * zoom; }
    }

    [Fact]
    public void Measures_are_standardised_over_the_training_frames_and_follow_the_opening()
    {
        const int n = 10;
        var l = new float[n * 136];
        for (int f = 0; f < n; f++) Face(l.AsSpan(f * 136, 136), open: f, width: 50 + (f % 3), zoom: 1f);
        int[] train = [0, 1, 2, 3, 4, 5, 6, 7];
        float[] t = MouthShapeTargets.Compute(l, n, train);
        for (int k = 0; k < MouthShapeTargets.Count; k++)
        {
            double mean = train.Average(f => t[f * 4 + k]);
            double std = Math.Sqrt(train.Average(f => Math.Pow(t[f * 4 + k] - mean, 2)));
            Assert.Equal(0, mean, 4);
            Assert.Equal(1, std, 3);
        }
        // Inner opening (measure 0) grows with the opening, validation frames included.
        for (int f = 1; f < n; f++) Assert.True(t[f * 4] > t[(f - 1) * 4]);
        // Width (measure 2) follows the width, not the opening.
        Assert.True(t[2 * 4 + 2] > t[1 * 4 + 2] && t[1 * 4 + 2] > t[0 * 4 + 2] && t[3 * 4 + 2] < t[2 * 4 + 2]);
    }

    [Fact]
    public void Zooming_the_face_does_not_change_the_measures()
    {
        const int n = 6;
        var far = new float[n * 136];
        for (int f = 0; f < n; f++) Face(far.AsSpan(f * 136, 136), open: 2 * f, width: 48 + f, zoom: 1f);
        // Standardisation alone would hide a zoom of every frame: zoom frame 5 only (the person leans in).
        var near = (float[])far.Clone();
        Face(near.AsSpan(5 * 136, 136), open: 2 * 5, width: 48 + 5, zoom: 1.3f);
        float[] a = MouthShapeTargets.Compute(far, n, [0, 1, 2, 3, 4, 5]);
        float[] b = MouthShapeTargets.Compute(near, n, [0, 1, 2, 3, 4, 5]);
        for (int i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i], 1e-4f);
    }
}
