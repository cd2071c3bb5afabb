using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Prepare.Segmentation;

namespace EdgeAvatar.Prepare.Tests.Pipeline;

[Collection(PreparedClipCollection.Name)]
public sealed class PrepareEndToEndTests(PreparedClipFixture fixture)
{
    private DatasetReader Load()
    {
        Skip.If(!fixture.Media.Available, "needs ffmpeg, libdlib-data, opencv-data and samples/");
        return DatasetReader.Load(fixture.DatasetDirectory!);
    }

    [SkippableFact]
    public void Manifest_loads_with_one_frame_per_twenty_fifth_of_a_second()
    {
        DatasetManifest m = Load().Manifest;
        Assert.Equal(512, m.Width);
        Assert.Equal(25, m.Fps);
        Assert.InRange(m.FrameCount, PreparedClipFixture.ClipSeconds * 25 - 1, PreparedClipFixture.ClipSeconds * 25 + 1);
        Assert.Equal(m.FrameCount, fixture.Report!.Frames);
        Assert.True(m.Frames.Count(f => f.Valid) > 0.9 * m.FrameCount);
    }

    [SkippableFact]
    public void Split_is_contiguous_ten_elevenths_train_then_validation()
    {
        DatasetManifest m = Load().Manifest;
        Assert.Equal(0, m.Split.Train.First);
        Assert.Equal(m.FrameCount * 10 / 11, m.Split.Train.Count);
        Assert.Equal(m.Split.Train.End, m.Split.Val.First);
        Assert.Equal(m.FrameCount, m.Split.Val.End);
    }

    [SkippableFact]
    public void Poses_are_finite_with_the_camera_in_front_of_the_face()
    {
        DatasetManifest m = Load().Manifest;
        Assert.True(m.Intrinsics.Fx > 0 && double.IsFinite(m.Intrinsics.Fx));
        Assert.Equal(256, m.Intrinsics.Cx);
        foreach (DatasetFrame f in m.Frames)
        {
            Assert.All(f.CameraToWorld, v => Assert.True(double.IsFinite(v)));
            // Camera centre = column 3; world z points out of the face, so a camera filming the face has z > 0.
            Assert.True(f.CameraToWorld[11] > 0, $"frame {f.Index}: camera z {f.CameraToWorld[11]}");
            Assert.Equal([0.0, 0, 0, 1], f.CameraToWorld.Skip(12));
        }
        Assert.InRange(m.PoseQuality.MedianPx, 0, 3);
    }

    [SkippableFact]
    public void Labels_show_the_head_above_the_torso()
    {
        DatasetReader r = Load();
        using MaskPlaneReader labels = r.OpenLabels();
        var plane = new byte[r.Manifest.Width * r.Manifest.Height];
        int frames = 0;
        while (labels.ReadNext(plane))
        {
            if (frames++ % 40 != 0) continue;
            double head = MeanRow(plane, PartLabels.Head, r.Manifest.Width, out int headCount);
            double torso = MeanRow(plane, PartLabels.Torso, r.Manifest.Width, out int torsoCount);
            Assert.True(headCount > 5000 && torsoCount > 5000, $"frame {frames - 1}: head {headCount} px, torso {torsoCount} px");
            Assert.True(head < torso, $"frame {frames - 1}: head row {head:F0} is not above torso row {torso:F0}");
        }
        Assert.Equal(r.Manifest.FrameCount, frames);
    }

    [SkippableFact]
    public void Audio_has_two_feature_frames_per_video_frame_and_normalisation_stats()
    {
        DatasetReader r = Load();
        DatasetAudio a = r.Manifest.Audio;
        Assert.Equal(2 * r.Manifest.FrameCount, a.FeatureFrames);
        Assert.Equal(a.FeatureFrames * a.Bands, r.ReadAudioFeatures().Length);
        var norm = a.ReadNormalization();
        Assert.Equal(a.Bands, norm.Mean.Length);
        Assert.Equal(80, a.ReadFeatureConfig().MelBands);
        Assert.True(a.PaddedFrames <= 4, $"{a.PaddedFrames} padded feature frames");
    }

    [SkippableFact]
    public void Stored_frames_read_back_losslessly_and_landmarks_match_them()
    {
        DatasetReader r = Load();
        using var stored = VideoFrameReader.Open(r.PathOf(r.Manifest.Files.Frames));
        using var again = VideoFrameReader.Open(fixture.Clip!, new VideoReadOptions { Fps = Rational.FromInt(25), OutputWidth = 512, OutputHeight = 512, MaxFrames = 3 });
        var expected = again.ReadFrames().Take(3).Select(f => f.Rgb24.ToArray()).ToList();
        int count = 0;
        foreach (VideoFrame f in stored.ReadFrames())
        {
            if (count < expected.Count) Assert.True(f.Rgb24.Span.SequenceEqual(expected[count]), $"frame {count} differs");
            count++;
        }
        Assert.Equal(r.Manifest.FrameCount, count);
        Assert.Equal(r.Manifest.FrameCount * 136, r.ReadLandmarks().Length);
        Assert.True(File.Exists(r.PathOf(r.Manifest.Files.ContactSheet)) && File.Exists(r.PathOf(r.Manifest.Files.QaVideo)));
    }

    private static double MeanRow(byte[] plane, byte label, int width, out int count)
    {
        long sum = 0;
        count = 0;
        for (int i = 0; i < plane.Length; i++)
        {
            if (plane[i] != label) continue;
            sum += i / width;
            count++;
        }
        return count == 0 ? double.NaN : (double)sum / count;
    }
}
