using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using EdgeAvatar.Model;

namespace EdgeAvatar.Model.Tests;

/// <summary>Valid models and byte-level helpers shared by the tests.</summary>
internal static class SampleModels
{
    public static EavmManifest Manifest(string kind = "radnerf-head-torso") => new()
    {
        Kind = kind,
        Config = JsonSerializer.SerializeToElement(new { gridLevels = 16, hashBits = 19, torso = true }),
        Training = new EavmTrainingInfo
        {
            Dataset = "obama-5min",
            Steps = 30000,
            Date = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero),
            TrainerVersion = "0.1.0",
            Metrics = new Dictionary<string, double> { ["psnr"] = 31.25, ["lpips"] = 0.0625 },
        },
    };

    /// <summary>A writer holding one tensor of every dtype plus a scalar and an empty tensor.</summary>
    public static EavmWriter Writer()
    {
        var writer = new EavmWriter(Manifest());
        writer.AddTensor<float>("density.weights", Enumerable.Range(0, 12).Select(i => i * 0.5f).ToArray(), 3, 4);
        writer.AddTensor<Half>("color.weights", Enumerable.Range(0, 6).Select(i => (Half)(i - 2.5f)).ToArray(), 2, 3);
        writer.AddTensor<byte>("mask", new byte[] { 0, 1, 2, 255, 7 }, 5);
        writer.AddTensor<int>("indices", new[] { -1, 0, int.MaxValue, int.MinValue }, 2, 1, 2);
        writer.AddTensor<float>("scale", new[] { 2.5f });
        writer.AddTensor<float>("empty", ReadOnlySpan<float>.Empty, 0, 7);
        return writer;
    }

    public static byte[] Bytes() => Writer().ToArray();

    /// <summary>
    /// Rewrites the header's SHA-256 to match the (possibly mutated) body, using the header-size field when it is
    /// in range. Lets tests reach the checks that run after checksum verification.
    /// </summary>
    public static void FixChecksum(byte[] bytes)
    {
        if (bytes.Length < EavmLayout.HeaderSize)
            return;
        uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16));
        if (headerSize > bytes.Length)
            headerSize = EavmLayout.HeaderSize;
        SHA256.HashData(bytes.AsSpan((int)headerSize)).CopyTo(bytes.AsSpan(80));
    }

    /// <summary>Sets the header's file-length field to the actual length.</summary>
    public static void FixFileLength(byte[] bytes)
    {
        if (bytes.Length >= EavmLayout.HeaderSize)
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(72), (ulong)bytes.Length);
    }

    public static ulong U64(byte[] bytes, int at) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
    public static void SetU64(byte[] bytes, int at, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), value);
    public static void SetU32(byte[] bytes, int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);
    public static void SetU16(byte[] bytes, int at, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), value);

    /// <summary>File offset of the first tensor table entry.</summary>
    public static int TableOffset(byte[] bytes) => (int)U64(bytes, 40);

    /// <summary>Positions of the fields of each tensor table entry of a valid file.</summary>
    public static List<Entry> Entries(byte[] bytes)
    {
        var entries = new List<Entry>();
        int p = TableOffset(bytes);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(20));
        for (int i = 0; i < count; i++)
        {
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(p));
            int dtypeAt = p + 2 + nameLength;
            int rank = bytes[dtypeAt + 1];
            int offsetAt = dtypeAt + 2 + 8 * rank;
            entries.Add(new Entry(p, p + 2, dtypeAt, dtypeAt + 1, dtypeAt + 2, offsetAt, offsetAt + 8));
            p = offsetAt + 16;
        }
        return entries;
    }

    internal sealed record Entry(int Start, int NameAt, int DTypeAt, int RankAt, int DimsAt, int OffsetAt, int LengthAt);

    /// <summary>A fresh temporary directory, deleted by the returned handle.</summary>
    public static TempDir TempDirectory() => new();

    internal sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("eavm-tests-").FullName;
        public string File(string name) => System.IO.Path.Combine(Path, name);
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
