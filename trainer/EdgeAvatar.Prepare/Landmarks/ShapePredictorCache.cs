using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Landmarks;

/// <summary>
/// Raw little-endian cache of a parsed <see cref="ShapePredictorModel"/> (parsing the 100 MB .dat takes 1–2 s, reading
/// 65 MB of raw float32 a fraction of that). Layout: 8-byte magic, int32 format version, int64 source length, int64
/// source mtime (UTC ticks), five int32 counts, then the arrays initial shape, idx1, idx2, thresholds, leaves, anchors,
/// deltas, back to back. The cache name hashes the source's full path; the header's length+mtime key must match the
/// source file now, otherwise the cache is stale and rebuilt. Writes go through <see cref="AtomicFile"/>, so readers
/// never see a partial cache. A cache that cannot be read or written is only a slowdown, never an error.
/// </summary>
public static class ShapePredictorCache
{
    private const int FormatVersion = 1;
    private static readonly byte[] Magic = "EASPCF32"u8.ToArray();
    private const int HeaderSize = 8 + 4 + 8 + 8 + 5 * 4;

    /// <summary>$XDG_CACHE_HOME/edgeavatar, or ~/.cache/edgeavatar when XDG_CACHE_HOME is unset or relative.</summary>
    public static string DefaultDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "edgeavatar");
    }

    /// <summary>Where the cache of <paramref name="datPath"/> lives inside <paramref name="cacheDirectory"/>.</summary>
    public static string CachePath(string datPath, string cacheDirectory)
    {
        var full = Path.GetFullPath(datPath);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..16];
        return Path.Combine(cacheDirectory, $"{Path.GetFileNameWithoutExtension(full)}-{hash}.f32cache");
    }

    public static ShapePredictorModel LoadOrBuild(string datPath, string? cacheDirectory)
    {
        var info = new FileInfo(datPath);
        if (!info.Exists)
        {
            throw new EdgeAvatarException(ExitCodes.NoInput, $"Shape predictor model not found: {datPath}");
        }
        var dir = cacheDirectory ?? DefaultDirectory();
        var cachePath = CachePath(datPath, dir);
        long length = info.Length, mtime = info.LastWriteTimeUtc.Ticks;
        var cached = TryRead(cachePath, length, mtime);
        if (cached is not null)
        {
            return cached;
        }
        var model = DlibShapePredictorReader.Read(datPath);
        try
        {
            Directory.CreateDirectory(dir);
            AtomicFile.Write(cachePath, s => Write(s, model, length, mtime));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EdgeAvatarException)
        {
            // Read-only or full cache location: keep working from the parsed model.
        }
        return model;
    }

    /// <summary>The cached model, or null when the cache is missing, stale (key mismatch) or damaged.</summary>
    public static ShapePredictorModel? TryRead(string cachePath, long sourceLength, long sourceMtimeTicks)
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(cachePath))
            {
                return null;
            }
            bytes = File.ReadAllBytes(cachePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (!BitConverter.IsLittleEndian || bytes.Length < HeaderSize || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            return null;
        }
        var h = bytes.AsSpan();
        if (BinaryPrimitives.ReadInt32LittleEndian(h[8..]) != FormatVersion
            || BinaryPrimitives.ReadInt64LittleEndian(h[12..]) != sourceLength
            || BinaryPrimitives.ReadInt64LittleEndian(h[20..]) != sourceMtimeTicks)
        {
            return null;
        }
        int l = BinaryPrimitives.ReadInt32LittleEndian(h[28..]);
        int c = BinaryPrimitives.ReadInt32LittleEndian(h[32..]);
        int t = BinaryPrimitives.ReadInt32LittleEndian(h[36..]);
        int s = BinaryPrimitives.ReadInt32LittleEndian(h[40..]);
        int f = BinaryPrimitives.ReadInt32LittleEndian(h[44..]);
        if (l <= 0 || c <= 0 || t <= 0 || s <= 0 || f <= 0 || l > 1 << 16 || s > 1 << 16 || f > 1 << 20)
        {
            return null;
        }
        long trees = (long)c * t;
        long splitsTotal = trees * s, leavesTotal = trees * (s + 1) * 2 * l, feat = (long)c * f;
        long expected = HeaderSize + 4 * (2L * l + 3 * splitsTotal + leavesTotal + feat + 2 * feat);
        if (leavesTotal > int.MaxValue || bytes.Length != expected)
        {
            return null;
        }
        int pos = HeaderSize;
        try
        {
            return new ShapePredictorModel(l, c, t, s, f, Take<float>(bytes, ref pos, 2 * l),
                Take<int>(bytes, ref pos, splitsTotal), Take<int>(bytes, ref pos, splitsTotal),
                Take<float>(bytes, ref pos, splitsTotal), Take<float>(bytes, ref pos, leavesTotal),
                Take<int>(bytes, ref pos, feat), Take<float>(bytes, ref pos, 2 * feat));
        }
        catch (ShapePredictorFormatException)
        {
            return null;
        }
    }

    private static void Write(Stream s, ShapePredictorModel m, long sourceLength, long sourceMtimeTicks)
    {
        var header = new byte[HeaderSize];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(12), sourceLength);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(20), sourceMtimeTicks);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(28), m.LandmarkCount);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(32), m.CascadeCount);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(36), m.TreesPerCascade);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(40), m.SplitsPerTree);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(44), m.FeaturesPerCascade);
        s.Write(header);
        // MemoryMarshal views are the host's byte order; guard the little-endian contract explicitly.
        if (!BitConverter.IsLittleEndian)
        {
            throw new EdgeAvatarException(ExitCodes.Unavailable, "The model cache needs a little-endian host.");
        }
        s.Write(MemoryMarshal.AsBytes(m.InitialShape.AsSpan()));
        s.Write(MemoryMarshal.AsBytes(m.SplitIndex1.AsSpan()));
        s.Write(MemoryMarshal.AsBytes(m.SplitIndex2.AsSpan()));
        s.Write(MemoryMarshal.AsBytes(m.SplitThreshold.AsSpan()));
        s.Write(MemoryMarshal.AsBytes(m.Leaves.AsSpan()));
        s.Write(MemoryMarshal.AsBytes(m.Anchors.AsSpan()));
        s.Write(MemoryMarshal.AsBytes(m.Deltas.AsSpan()));
    }

    private static T[] Take<T>(byte[] bytes, ref int pos, long count) where T : unmanaged
    {
        var arr = new T[count];
        int n = checked((int)(count * 4));
        bytes.AsSpan(pos, n).CopyTo(MemoryMarshal.AsBytes(arr.AsSpan()));
        pos += n;
        return arr;
    }
}
