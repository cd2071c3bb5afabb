using System.Runtime.InteropServices;
using System.Text.Json;
using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Dataset;

/// <summary>
/// Loads and validates a prepared dataset directory (see DATASET.md). Every inconsistency is a
/// <see cref="ExitCodes.DataError"/> naming the file; a missing manifest or file is <see cref="ExitCodes.NoInput"/>.
/// Frames (<see cref="DatasetFiles.Frames"/>) are read back with EdgeAvatar.Media's VideoFrameReader (no options:
/// they are already cropped, scaled and at the dataset fps).
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
