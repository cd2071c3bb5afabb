using EdgeAvatar.Prepare.Segmentation;

namespace EdgeAvatar.Prepare.Tests.Segmentation;

public sealed class SyntheticSegmentationTests
{
    private static readonly float[] Shifts = [-40, -30, -20, -10, 0, 10, 20, 30, 40, 35, 25, 15, 5, -5, -15, -25, -35, -45, 45, 0];

    [Fact]
    public void Matte_against_given_plate_matches_drawn_person()
    {
        var scene = new SyntheticScene();
        var plate = BackgroundPlate.FromImage(scene.Background, scene.Size, scene.Size);
        var (frame, truth) = scene.Render(12, noiseSeed: 1);
        var matte = new PersonMatter().Matte(frame, plate, scene.Landmarks(12));
        Assert.True(SyntheticScene.IoU(matte.Alpha, truth) > 0.97, $"IoU {SyntheticScene.IoU(matte.Alpha, truth):F3}");
    }

    [Fact]
    public void Given_plate_of_other_size_is_rescaled_and_fully_observed()
    {
        var scene = new SyntheticScene();
        var big = scene.Background.Resize(2 * scene.Size, 2 * scene.Size);
        var plate = BackgroundPlate.FromImage(big, scene.Size, scene.Size);
        Assert.Equal(scene.Size, plate.Width);
        Assert.Equal(1.0, plate.ObservedFraction);
        var (frame, truth) = scene.Render(0, noiseSeed: 2);
        var matte = new PersonMatter().Matte(frame, plate, scene.Landmarks(0));
        Assert.True(SyntheticScene.IoU(matte.Alpha, truth) > 0.95);
    }

    [Fact]
    public void Estimated_plate_recovers_background_where_the_person_moved_away()
    {
        var scene = new SyntheticScene();
        var frames = new List<RgbImage>();
        var lms = new List<FaceLandmarks?>();
        for (int k = 0; k < Shifts.Length; k++)
        {
            frames.Add(scene.Render(Shifts[k], noiseSeed: 100 + k).Frame);
            lms.Add(scene.Landmarks(Shifts[k]));
        }
        var plate = new BackgroundPlateEstimator().Estimate(frames, lms);
        Assert.InRange(plate.ObservedFraction, 0.3, 0.99);
        // Observed pixels: close to the true background (noise is +-4, median of several frames).
        double err = 0;
        int n = 0;
        for (int i = 0; i < plate.Observed.Data.Length; i++)
        {
            if (plate.Observed.Data[i] == 0)
            {
                continue;
            }
            for (int c = 0; c < 3; c++)
            {
                err += Math.Abs(plate.Image.Pixels[3 * i + c] - scene.Background.Pixels[3 * i + c]);
            }
            n += 3;
        }
        Assert.True(err / n < 2.5, $"mean abs error on observed plate {err / n:F2}");
        // Inpainted pixels are plausible background, not person colours, so mattes still work.
        var (frame, truth) = scene.Render(-22, noiseSeed: 5);
        var matte = new PersonMatter().Matte(frame, plate, scene.Landmarks(-22));
        Assert.True(SyntheticScene.IoU(matte.Alpha, truth) > 0.93, $"IoU {SyntheticScene.IoU(matte.Alpha, truth):F3}");
    }

    [Fact]
    public void Chroma_plate_keys_green_screen_with_shading()
    {
        var scene = new SyntheticScene();
        var green = new RgbImage(scene.Size, scene.Size);
        for (int y = 0; y < scene.Size; y++)
        {
            for (int x = 0; x < scene.Size; x++)
            {
                // Uneven lighting: the screen darkens towards the corners, as real screens do.
                double shade = 1.0 - 0.35 * ((x - 128.0) * (x - 128.0) + (y - 128.0) * (y - 128.0)) / (2 * 128.0 * 128.0);
                int i = 3 * (y * scene.Size + x);
                green.Pixels[i] = (byte)(20 * shade);
                green.Pixels[i + 1] = (byte)(235 * shade);
                green.Pixels[i + 2] = (byte)(30 * shade);
            }
        }
        var (frame, truth) = scene.Render(-8, noiseSeed: 3, background: green);
        var plate = BackgroundPlate.FromChroma("#00ff00", scene.Size, scene.Size);
        var matte = new PersonMatter().Matte(frame, plate, scene.Landmarks(-8));
        Assert.True(SyntheticScene.IoU(matte.Alpha, truth) > 0.97, $"IoU {SyntheticScene.IoU(matte.Alpha, truth):F3}");
        var alpha = new ChromaKeyer().Key(frame, (0, 255, 0));
        Assert.Equal(0, alpha[2, 2]);
        Assert.Equal(255, alpha[128, 128 + 10]);
    }

    [Fact]
    public void Chroma_colour_must_be_hex()
    {
        Assert.Equal(((byte)0, (byte)255, (byte)0), BackgroundPlate.ParseColour("#00ff00"));
        Assert.Equal(((byte)18, (byte)52, (byte)86), BackgroundPlate.ParseColour("123456"));
        var ex = Assert.Throws<EdgeAvatar.Common.EdgeAvatarException>(() => BackgroundPlate.ParseColour("green"));
        Assert.Equal(EdgeAvatar.Common.ExitCodes.DataError, ex.ExitCode);
    }

    [Fact]
    public void Label_map_orders_head_above_neck_above_torso()
    {
        var scene = new SyntheticScene();
        var plate = BackgroundPlate.FromImage(scene.Background, scene.Size, scene.Size);
        var (frame, _) = scene.Render(6, noiseSeed: 4);
        var seg = new FrameSegmenter(plate).Segment(frame, scene.Landmarks(6));
        double[] sumY = new double[4];
        int[] count = new int[4];
        for (int y = 0; y < scene.Size; y++)
        {
            for (int x = 0; x < scene.Size; x++)
            {
                int lab = seg.Labels[x, y];
                Assert.InRange(lab, 0, 3);
                Assert.Equal(lab != PartLabels.Background, seg.Mask[x, y] != 0);
                sumY[lab] += y;
                count[lab]++;
            }
        }
        for (int k = 1; k <= 3; k++)
        {
            Assert.True(count[k] > 100, $"label {k} has {count[k]} pixels");
        }
        double head = sumY[1] / count[1], neck = sumY[2] / count[2], torso = sumY[3] / count[3];
        Assert.True(head < neck && neck < torso, $"mean rows head {head:F1} neck {neck:F1} torso {torso:F1}");
        // The face mask lies inside the head label.
        int faceInHead = 0, face = 0;
        for (int i = 0; i < seg.FaceMask.Data.Length; i++)
        {
            if (seg.FaceMask.Data[i] != 0)
            {
                face++;
                faceInHead += seg.Labels.Data[i] == PartLabels.Head ? 1 : 0;
            }
        }
        Assert.True(faceInHead > 0.97 * face, $"{faceInHead}/{face} face pixels labelled head");
    }

    [Fact]
    public void Plate_estimation_rejects_mismatched_inputs()
    {
        var scene = new SyntheticScene(64);
        var ex = Assert.Throws<EdgeAvatar.Common.EdgeAvatarException>(() => new BackgroundPlateEstimator().Estimate(
            [scene.Background], []));
        Assert.Equal(EdgeAvatar.Common.ExitCodes.DataError, ex.ExitCode);
        Assert.Throws<EdgeAvatar.Common.EdgeAvatarException>(() => new BackgroundPlateEstimator().Estimate(
            [scene.Background], [null]));
    }
}
