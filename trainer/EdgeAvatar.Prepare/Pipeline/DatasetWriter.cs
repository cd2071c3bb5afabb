using System.Runtime.InteropServices;
using EdgeAvatar.Media.Images;
using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Prepare.Segmentation;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>
/// Writes the flat files of a dataset (landmarks.f32, audio_features.f32, audio.wav, background.png) and, last of
/// all, manifest.json — so a directory with a manifest is complete even before the atomic rename publishes it.
/// Layouts: Dataset/DATASET.md.
/// </summary>
public static class DatasetWriter
{
    public static void WriteLandmarks(string path, LandmarkTrack track)
    {
        using var f = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        foreach (float[] row in track.Landmarks) f.Write(MemoryMarshal.AsBytes(row.AsSpan()));
        f.Flush(flushToDisk: true);
    }

    public static void WriteFloats(string path, ReadOnlySpan<float> values)
    {
        using var f = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        f.Write(MemoryMarshal.AsBytes(values));
        f.Flush(flushToDisk: true);
    }

    public static void WriteBackground(string path, BackgroundPlate plate) => PngWriter.WriteRgb(path, plate.Image.Width, plate.Image.Height, plate.Image.Pixels);

    public static void WriteManifest(string directory, DatasetManifest manifest)
        => File.WriteAllText(Path.Combine(directory, DatasetReader.ManifestFileName), manifest.ToJson());

    /// <summary>Axis-aligned bounding box of the 68 landmarks, clipped to the frame.</summary>
    public static DatasetBox FaceBox(ReadOnlySpan<float> xy, int size)
    {
        float x0 = float.MaxValue, y0 = float.MaxValue, x1 = float.MinValue, y1 = float.MinValue;
        for (int k = 0; k + 1 < xy.Length; k += 2)
        {
            x0 = Math.Min(x0, xy[k]); x1 = Math.Max(x1, xy[k]);
            y0 = Math.Min(y0, xy[k + 1]); y1 = Math.Max(y1, xy[k + 1]);
        }
        int ix0 = Math.Clamp((int)MathF.Floor(x0), 0, size - 1), iy0 = Math.Clamp((int)MathF.Floor(y0), 0, size - 1);
        int ix1 = Math.Clamp((int)MathF.Ceiling(x1), ix0 + 1, size), iy1 = Math.Clamp((int)MathF.Ceiling(y1), iy0 + 1, size);
        return new DatasetBox(ix0, iy0, ix1 - ix0, iy1 - iy0);
    }
}
