using System.Runtime.InteropServices;
using System.Text.Json;
using EdgeAvatar.Common;
using EdgeAvatar.Media;

namespace EdgeAvatar.Prepare.Dataset;

/// <summary>
/// Loads and validates a prepared dataset directory (see DATASET.md). Every inconsistency is a
/// <see cref="ExitCodes.DataError"/> naming the file; a missing manifest or file is <see cref="ExitCodes.NoInput"/>.
/// Frames (<see cref="DatasetFiles.Frames"/>) and the plate are read back with <see cref="ReadFrames"/> and
/// <see cref="ReadBackground"/>: through EdgeAvatar.Media's VideoFrameReader (no options: they are already cropped,
/// scaled and at the dataset fps), or as raw rgb24 when the manifest names a <c>.rgb</c> file (<see cref="RawRgbFile"/>).
/// </summary>
public sealed class DatasetReader
{
    public const string ManifestFileName = "manifest.json";

    private DatasetReader(string directory, DatasetManifest manifest)
    {
        Directory = directory;
        Manifest = manifest;
    }

    public string Directory { get; }
    public DatasetManifest Manifest { get; }

    public string PathOf(string fileName) => System.IO.Path.Combine(Directory, fileName);

    public static DatasetReader Load(string directory)
    {
        string path = System.IO.Path.Combine(directory, ManifestFileName);
        if (!File.Exists(path)) throw new EdgeAvatarException(ExitCodes.NoInput, $"'{directory}' is not a dataset: no {ManifestFileName}.");
        DatasetManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<DatasetManifest>(File.ReadAllText(path), DatasetJson.Options);
        }
        catch (JsonException e)
        {
            throw new EdgeAvatarException(ExitCodes.DataError, $"'{path}' is not a valid manifest: {e.Message}", e);
        }
        if (manifest is null) throw new EdgeAvatarException(ExitCodes.DataError, $"'{path}' is empty.");
        var reader = new DatasetReader(directory, manifest);
        reader.Validate(path);
        return reader;
    }

    private void Validate(string path)
    {
        DatasetManifest m = Manifest;
        void Check(bool ok, string what)
        {
            if (!ok) throw new EdgeAvatarException(ExitCodes.DataError, $"'{path}': {what}.");
        }
        Check(m.Format == DatasetManifest.FormatName, $"format is '{m.Format}', expected '{DatasetManifest.FormatName}'");
        Check(m.FormatVersion == DatasetManifest.CurrentVersion, $"format version {m.FormatVersion} is not supported (this reader knows {DatasetManifest.CurrentVersion})");
        Check(m.PoseConvention == DatasetManifest.PoseConventionName, $"unknown pose convention '{m.PoseConvention}'");
        Check(m.Width > 0 && m.Height > 0 && m.Fps > 0 && m.FrameCount >= 2, "bad size, fps or frame count");
        Check(m.Frames.Count == m.FrameCount, $"{m.Frames.Count} frame entries for frame_count {m.FrameCount}");
        for (int i = 0; i < m.Frames.Count; i++)
        {
            DatasetFrame f = m.Frames[i];
            Check(f.Index == i, $"frame entry {i} has index {f.Index}");
            Check(f.CameraToWorld.Count == 16 && f.CameraToWorld.All(double.IsFinite), $"frame {i}: camera_to_world must be 16 finite numbers");
        }
        Check(m.Split.Train.First == 0 && m.Split.Train.End == m.Split.Val.First && m.Split.Val.End == m.FrameCount
              && m.Split.Train.Count > 0 && m.Split.Val.Count > 0, "split does not cover the frames exactly once");
        Check(m.Audio.FeatureFrames == 2 * m.FrameCount, $"{m.Audio.FeatureFrames} audio feature frames for {m.FrameCount} video frames (need 2 per frame)");
        foreach (string file in m.Files.All)
        {
            if (!File.Exists(PathOf(file))) throw new EdgeAvatarException(ExitCodes.NoInput, $"Dataset file '{PathOf(file)}' is missing.");
        }
        CheckLength(m.Files.Landmarks, (long)m.FrameCount * 68 * 2 * sizeof(float));
        CheckLength(m.Files.AudioFeatures, (long)m.Audio.FeatureFrames * m.Audio.Bands * sizeof(float));
        if (RawRgbFile.IsRaw(m.Files.Frames)) RawRgbFile.CheckLength(PathOf(m.Files.Frames), m.Width, m.Height, m.FrameCount);
        if (RawRgbFile.IsRaw(m.Files.Background)) RawRgbFile.CheckLength(PathOf(m.Files.Background), m.Width, m.Height, 1);
    }

    private void CheckLength(string file, long expected)
    {
        long actual = new FileInfo(PathOf(file)).Length;
        if (actual != expected)
            throw new EdgeAvatarException(ExitCodes.DataError, $"'{PathOf(file)}' has {actual} bytes, expected {expected}.");
    }

    /// <summary>Landmarks: frame_count × 68 × (x, y) float32, output pixels.</summary>
    public float[] ReadLandmarks() => ReadFloats(Manifest.Files.Landmarks);

    /// <summary>Raw log-mel features: feature_frames × bands float32 (apply the manifest's normalisation).</summary>
    public float[] ReadAudioFeatures() => ReadFloats(Manifest.Files.AudioFeatures);

    /// <summary>
    /// The frames in order (the first <paramref name="maxFrames"/>, or all), W×H rgb24 each; every frame's bytes live
    /// in one reused buffer (copy to keep). A decoded file of another size is a <see cref="ExitCodes.DataError"/>;
    /// ffmpeg is needed only when the frames are not raw.
    /// </summary>
    public IEnumerable<VideoFrame> ReadFrames(int? maxFrames = null, MediaTools? tools = null, CancellationToken ct = default)
    {
        DatasetManifest m = Manifest;
        string path = PathOf(m.Files.Frames);
        if (RawRgbFile.IsRaw(m.Files.Frames))
        {
            foreach (VideoFrame frame in RawRgbFile.Read(path, m.Width, m.Height, m.Fps, maxFrames, ct)) yield return frame;
            yield break;
        }
        using var video = VideoFrameReader.Open(path, new VideoReadOptions { MaxFrames = maxFrames }, tools);
        CheckSize(video, path);
        foreach (VideoFrame frame in video.ReadFrames(ct)) yield return frame;
    }

    /// <summary>The background plate, W×H rgb24 (raw, or the first frame ffmpeg decodes from the image).</summary>
    public byte[] ReadBackground(MediaTools? tools = null, CancellationToken ct = default)
    {
        DatasetManifest m = Manifest;
        string path = PathOf(m.Files.Background);
        if (RawRgbFile.IsRaw(m.Files.Background))
            return RawRgbFile.Read(path, m.Width, m.Height, m.Fps, 1, ct).First().Rgb24.ToArray();
        using var image = VideoFrameReader.Open(path, null, tools);
        CheckSize(image, path);
        return image.ReadFrames(ct).First().Rgb24.ToArray();
    }

    private void CheckSize(VideoFrameReader reader, string path)
    {
        if (reader.Width != Manifest.Width || reader.Height != Manifest.Height)
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"'{path}' is {reader.Width}x{reader.Height}, but the manifest says {Manifest.Width}x{Manifest.Height}.");
    }

    public MaskPlaneReader OpenLabels() => OpenPlanes(Manifest.Files.Labels);
    public MaskPlaneReader OpenAlpha() => OpenPlanes(Manifest.Files.Alpha);
    public MaskPlaneReader OpenFaceMask() => OpenPlanes(Manifest.Files.FaceMask);

    private MaskPlaneReader OpenPlanes(string file) => new(PathOf(file), Manifest.Width, Manifest.Height, Manifest.FrameCount);

    private float[] ReadFloats(string file)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Dataset files are little-endian.");
        byte[] bytes = File.ReadAllBytes(PathOf(file));
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }
}
