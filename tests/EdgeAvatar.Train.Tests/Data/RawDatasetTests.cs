using System.Text.Json;
using EdgeAvatar.Audio;
using EdgeAvatar.Common;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Prepare.Pipeline;
using EdgeAvatar.Train.Data;
using EdgeAvatar.Train.Eval;

namespace EdgeAvatar.Train.Tests.Data;

/// <summary>
/// Datasets whose manifest names raw rgb24 files (frames.rgb, background.rgb) instead of frames.mkv/background.png:
/// the form a machine without ffmpeg trains on. Built by hand here (no ffmpeg needed), so these tests run everywhere;
/// every read goes through a MediaTools that points at programs that do not exist, so any fallback to ffmpeg fails.
/// </summary>
public sealed class RawDatasetTests : IDisposable
{
    private const int W = 20, H = 14, N = 12;
    private static readonly MediaTools NoFfmpeg = new("/nonexistent/ffmpeg", "/nonexistent/ffprobe");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "edgeavatar-raw-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly byte[][] _frames;
    private readonly byte[] _plate;
    private readonly byte[][] _labels;

    public RawDatasetTests()
    {
        Directory.CreateDirectory(_dir);
        var rng = new Random(7);
        _frames = Enumerable.Range(0, N).Select(_ => RandomBytes(rng, W * H * 3)).ToArray();
        _plate = RandomBytes(rng, W * H * 3);
        _labels = Enumerable.Range(0, N).Select(_ => RandomBytes(rng, W * H).Select(b => (byte)(b % 4)).ToArray()).ToArray();
        File.WriteAllBytes(Path.Combine(_dir, "frames.rgb"), _frames.SelectMany(f => f).ToArray());
        File.WriteAllBytes(Path.Combine(_dir, "background.rgb"), _plate);
        WriteDataset();
    }

    [Fact]
    public void TrainingSet_loads_raw_frames_and_plate_byte_exact()
    {
        var data = TrainingSet.Load(_dir);
        Assert.Equal(N, data.FrameCount);
        for (int i = 0; i < N; i++)
        {
            Assert.Equal(_frames[i], data.Frames[i]);
            Assert.Equal(_labels[i], data.Labels[i]);
        }
        Assert.Equal(_plate, data.Plate);
    }

    [Fact]
    public void Raw_frames_and_plate_are_read_without_ffmpeg()
    {
        var reader = DatasetReader.Load(_dir);
        var frames = reader.ReadFrames(null, NoFfmpeg).Select(f => (f.Index, Bytes: f.Rgb24.ToArray())).ToList();
        Assert.Equal(Enumerable.Range(0, N), frames.Select(f => f.Index));
        Assert.Equal(_frames, frames.Select(f => f.Bytes));
        Assert.Equal(_frames.Take(5), reader.ReadFrames(5, NoFfmpeg).Select(f => f.Rgb24.ToArray()));
        Assert.Equal(_plate, reader.ReadBackground(NoFfmpeg));
    }

    [Fact]
    public void Mean_image_baseline_reads_raw_frames()
    {
        var baseline = MeanImageBaseline.Compute(DatasetReader.Load(_dir), tools: NoFfmpeg);
        Assert.Equal(DatasetSplit.For(N).Train.Count, baseline.FrameCount);
    }

    [Fact]
    public void A_frames_file_that_is_not_a_whole_number_of_frames_is_a_data_error()
    {
        File.WriteAllBytes(Path.Combine(_dir, "frames.rgb"), new byte[N * W * H * 3 - 5]);
        var e = Assert.Throws<EdgeAvatarException>(() => TrainingSet.Load(_dir));
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.Contains("not a whole number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frames_file_with_another_frame_count_is_a_data_error()
    {
        File.WriteAllBytes(Path.Combine(_dir, "frames.rgb"), new byte[(N - 1) * W * H * 3]);
        var e = Assert.Throws<EdgeAvatarException>(() => DatasetReader.Load(_dir));
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.Contains($"holds {N - 1}", e.Message, StringComparison.Ordinal);
        Assert.Contains($"manifest says {N}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_background_of_the_wrong_size_is_a_data_error()
    {
        File.WriteAllBytes(Path.Combine(_dir, "background.rgb"), new byte[2 * W * H * 3]);
        var e = Assert.Throws<EdgeAvatarException>(() => DatasetReader.Load(_dir));
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.Contains("background.rgb", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] RandomBytes(Random rng, int count)
    {
        var b = new byte[count];
        rng.NextBytes(b);
        return b;
    }

    private void WriteDataset()
    {
        string P(string name) => Path.Combine(_dir, name);
        using (var labels = new MaskPlaneWriter(P("labels.u8.gz"), W * H))
        {
            foreach (byte[] plane in _labels) labels.Write(plane);
            labels.Complete();
        }
        // Landmarks: a face whose mouth opens a little more each frame (the mouth-shape targets need some spread).
        var landmarks = new float[N * 136];
        for (int f = 0; f < N; f++)
            for (int k = 0; k < 68; k++)
            {
                landmarks[f * 136 + 2 * k] = 3 + (k % 10);
                landmarks[f * 136 + 2 * k + 1] = 2 + k / 10 + (k >= 48 ? 0.1f * f * (k % 3) : 0);
            }
        DatasetWriter.WriteFloats(P("landmarks.f32"), landmarks);
        DatasetWriter.WriteFloats(P("audio_features.f32"), new float[2 * N * 80]);
        DatasetFiles files = DatasetFiles.Default with { Frames = "frames.rgb", Background = "background.rgb" };
        // Files training never reads exist (the reader checks every listed file) but stay empty.
        foreach (string name in new[] { files.Alpha, files.FaceMask, files.AudioWav, files.ContactSheet, files.QaVideo })
            File.WriteAllBytes(P(name), []);

        var normalization = new AudioNormalization { Mean = new float[80], Std = Enumerable.Repeat(1f, 80).ToArray() };
        double[] identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 0, 0, 0, 1];
        var box = new DatasetBox(4, 3, 10, 8);
        DatasetWriter.WriteManifest(_dir, new DatasetManifest
        {
            Source = new DatasetSource("synthetic.mp4", N / 25.0, W, H, 25),
            Crop = new DatasetBox(0, 0, W, H),
            Width = W,
            Height = H,
            Fps = 25,
            FrameCount = N,
            Intrinsics = new CameraIntrinsics(W, H, 20, 20, W / 2f, H / 2f),
            PoseQuality = new DatasetPoseQuality(0, 0, 0, 0),
            Tracking = new DatasetTracking(12, 1, []),
            Background = new DatasetBackground("estimated", 1, null),
            Frames = Enumerable.Range(0, N).Select(i => new DatasetFrame(i, identity, 0.3, box, box, true)).ToList(),
            Split = DatasetSplit.For(N),
            Audio = new DatasetAudio(JsonDocument.Parse("{}").RootElement, JsonDocument.Parse(normalization.ToJson()).RootElement,
                files.AudioFeatures, 2 * N, 80, false, 0, files.AudioWav, 16000, N / 25.0),
            Files = files,
        });
    }
}
