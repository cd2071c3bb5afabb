using System.Text.Json;
using EdgeAvatar.Audio;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Prepare.Pipeline;
using EdgeAvatar.Common;

namespace EdgeAvatar.Train.Tests.Eval;

/// <summary>
/// A tiny dataset directory that <see cref="DatasetReader"/> accepts, built by hand after DATASET.md: frames.mkv
/// (lossless, so decoded bytes equal <see cref="Frames"/>), a manifest with the standard 10/11 split and one fixed face
/// box, a 16 kHz tone as audio.wav, zero landmarks/features, fixed label maps (<see cref="Label(int, int, int)"/>), and empty
/// placeholders for the files evaluation never reads. Frames: a fixed gradient with a bright square that moves one pixel per frame plus per-frame noise, so the
/// mean image differs from every Val frame.
/// </summary>
internal sealed class SyntheticDataset : IDisposable
{
    public const int Width = 64, Height = 48;
    public static readonly DatasetBox Face = new(16, 10, 32, 28);

    private SyntheticDataset(string directory, byte[][] frames)
    {
        Directory = directory;
        Frames = frames;
    }

    public string Directory { get; }
    public byte[][] Frames { get; }

    public DatasetReader Reader => DatasetReader.Load(Directory);

    /// <summary>
    /// Builds a dataset of <paramref name="frameCount"/> frames; <paramref name="encodedFrames"/> (default all) of them
    /// go into frames.mkv, to fake a truncated video; frames in <paramref name="invalid"/> are marked valid = false.
    /// </summary>
    public static SyntheticDataset Create(int frameCount, int? encodedFrames = null, params int[] invalid)
        => Build(frameCount, encodedFrames, labelFrames: null, invalid);

    /// <summary>All frames, but only <paramref name="labelFrames"/> label maps: a truncated labels file.</summary>
    public static SyntheticDataset CreateWithLabels(int frameCount, int labelFrames) => Build(frameCount, null, labelFrames, []);

    private static SyntheticDataset Build(int frameCount, int? encodedFrames, int? labelFrames, int[] invalid)
    {
        string dir = EvalTestFiles.TempDirectory();
        var frames = new byte[frameCount][];
        var rng = new Random(frameCount);
        for (int i = 0; i < frameCount; i++)
        {
            var f = new byte[Width * Height * 3];
            for (int y = 0; y < Height; y++)
                for (int x = 0; x < Width; x++)
                {
                    int o = (y * Width + x) * 3;
                    bool square = x >= 10 + i && x < 22 + i && y >= 14 && y < 30;
                    f[o] = (byte)(square ? 230 : 3 * x + rng.Next(8));
                    f[o + 1] = (byte)(square ? 200 : 4 * y + rng.Next(8));
                    f[o + 2] = (byte)(square ? 40 : 90 + rng.Next(8));
                }
            frames[i] = f;
        }
        using (var encoder = VideoEncoder.Create(Path.Combine(dir, "frames.mkv"),
                   new VideoEncoderOptions { Width = Width, Height = Height, Lossless = true }))
        {
            foreach (byte[] f in frames.Take(encodedFrames ?? frameCount)) encoder.WriteFrame(f);
            encoder.Complete();
        }
        const double Fps = 25;
        int samples = (int)(frameCount / Fps * 16000);
        var tone = new short[samples];
        for (int i = 0; i < samples; i++) tone[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 16000.0));
        WavWriter.Write(Path.Combine(dir, "audio.wav"), tone, 16000);
        DatasetWriter.WriteFloats(Path.Combine(dir, "landmarks.f32"), new float[frameCount * 136]);
        DatasetWriter.WriteFloats(Path.Combine(dir, "audio_features.f32"), new float[2 * frameCount * 80]);
        DatasetFiles files = DatasetFiles.Default;
        foreach (string name in new[] { files.Alpha, files.FaceMask, files.Background, files.ContactSheet, files.QaVideo })
            File.WriteAllBytes(Path.Combine(dir, name), []);
        var labels = new MaskPlaneWriter(Path.Combine(dir, files.Labels), Width * Height);
        for (int i = 0; i < (labelFrames ?? frameCount); i++) labels.Write(LabelPlane(i));
        labels.Complete();

        double[] identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 0, 0, 0, 1];
        var empty = JsonDocument.Parse("{}").RootElement;
        var manifest = new DatasetManifest
        {
            Source = new DatasetSource("synthetic.mp4", frameCount / Fps, Width, Height, Fps),
            Crop = new DatasetBox(0, 0, Width, Height),
            Width = Width,
            Height = Height,
            Fps = Fps,
            FrameCount = frameCount,
            Intrinsics = new CameraIntrinsics(Width, Height, 60, 60, Width / 2f, Height / 2f),
            PoseQuality = new DatasetPoseQuality(0, 0, 0, 0),
            Tracking = new DatasetTracking(12, 1, invalid),
            Background = new DatasetBackground("estimated", 1, null),
            Frames = Enumerable.Range(0, frameCount)
                .Select(i => new DatasetFrame(i, identity, 0.3, new DatasetBox(24, 28, 16, 8), Face, !invalid.Contains(i)))
                .ToList(),
            Split = DatasetSplit.For(frameCount),
            Audio = new DatasetAudio(empty, empty, files.AudioFeatures, 2 * frameCount, 80, false, 0, files.AudioWav, 16000, frameCount / Fps),
            Files = files,
        };
        DatasetWriter.WriteManifest(dir, manifest);
        return new SyntheticDataset(dir, frames);
    }

    /// <summary>
    /// Frame <paramref name="frame"/>'s label map: background above row 12 and beside the head, head (32 columns from
    /// column 16 + frame mod 8) in rows 12..29, neck in rows 30..35, torso below. Each region's pixel count is the
    /// same in every frame, so tests can count them by hand; the head moves, so a label map read for the wrong frame
    /// changes the head and background scores.
    /// </summary>
    public static byte Label(int x, int y, int frame)
    {
        int left = 16 + frame % 8;
        return y < 12 ? (byte)0 : y < 30 ? (byte)(x >= left && x < left + 32 ? 1 : 0) : y < 36 ? (byte)2 : (byte)3;
    }

    public static byte[] LabelPlane(int frame)
    {
        var plane = new byte[Width * Height];
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++) plane[y * Width + x] = Label(x, y, frame);
        return plane;
    }

    /// <summary>The Train-range mean computed here independently: double average, rounded half away from zero.</summary>
    public byte[] TrainMean()
    {
        int n = DatasetSplit.For(Frames.Length).Train.Count;
        var mean = new byte[Frames[0].Length];
        for (int k = 0; k < mean.Length; k++)
        {
            double s = 0;
            for (int i = 0; i < n; i++) s += Frames[i][k];
            mean[k] = (byte)Math.Round(s / n, MidpointRounding.AwayFromZero);
        }
        return mean;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
