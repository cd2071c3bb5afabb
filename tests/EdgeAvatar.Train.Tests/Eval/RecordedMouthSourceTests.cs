using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Prepare.Pipeline;
using EdgeAvatar.Train.Eval;

namespace EdgeAvatar.Train.Tests.Eval;

public sealed class RecordedMouthSourceTests
{
    /// <summary>Inner-lip gap of frame f in pixels, with the outer eye corners 100 px apart.</summary>
    private static double Gap(int f) => 2 + 1.5 * f;

    [Fact]
    public void Held_out_frames_get_the_inner_lip_gap_standardised_by_the_training_frames_alone()
    {
        const int Frames = 22;
        using var data = SyntheticDataset.Create(Frames);
        var landmarks = new float[Frames * 136];
        for (int f = 0; f < Frames; f++)
        {
            int o = f * 136;
            void Set(int p, double x, double y) { landmarks[o + 2 * p] = (float)x; landmarks[o + 2 * p + 1] = (float)y; }
            Set(36, 100, 100);
            Set(45, 200, 100);
            Set(62, 150, 200);
            Set(66, 150, 200 + Gap(f));
        }
        string path = Path.Combine(data.Directory, "landmarks.f32");
        File.Delete(path);
        DatasetWriter.WriteFloats(path, landmarks);
        var reader = data.Reader;
        var split = reader.Manifest.Split;
        Assert.True(split.Val.Count > 0 && split.Train.Count > 2, "the synthetic split must hold both parts");

        // The expected z-score, computed here from the designed gaps: mean and (population) std over the train split.
        double[] train = Enumerable.Range(split.Train.First, split.Train.Count).Select(f => Gap(f) / 100).ToArray();
        double mean = train.Average(), std = Math.Sqrt(train.Select(v => (v - mean) * (v - mean)).Average());

        var source = RecordedMouthSource.FromDataset(reader);
        Assert.Equal(4, source.Measures);
        var measures = new float[source.Measures];
        foreach (int f in new[] { split.Train.First, split.Train.First + split.Train.Count - 1, split.Val.First, Frames - 1 })
        {
            Assert.True(source.TryGet(f, measures));
            Assert.Equal((Gap(f) / 100 - mean) / std, measures[0], 4);
        }
        Assert.False(source.TryGet(Frames, measures));
        Assert.False(source.TryGet(-1, measures));
    }
}
