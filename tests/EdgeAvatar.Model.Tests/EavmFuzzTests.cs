using System.Buffers.Binary;
using EdgeAvatar.Model;
using Xunit.Abstractions;

namespace EdgeAvatar.Model.Tests;

/// <summary>
/// Deterministic mutation fuzzing of a valid file. The only acceptable outcomes are a successful read (whose
/// tensors and manifest are then fully accessed) or <see cref="EavmFormatException"/>. Most mutations re-compute
/// the checksum (and often the file-length field) so that the parser behind the checksum is exercised, not just
/// the hash comparison.
/// </summary>
public sealed class EavmFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 25_000;

    /// <summary>Header fields as (offset, size) pairs, for targeted edits.</summary>
    private static readonly (int At, int Size)[] HeaderFields =
        [(8, 2), (10, 2), (12, 4), (16, 4), (20, 4), (24, 8), (32, 8), (40, 8), (48, 8), (56, 8), (64, 8), (72, 8)];

    [Fact]
    public void Fuzzed_files_either_read_or_throw_EavmFormatException()
    {
        byte[] valid = SampleModels.Bytes();
        var entries = SampleModels.Entries(valid);
        var random = new Random(20250304);
        int accepted = 0, rejected = 0, rejectedPastChecksum = 0;
        var ops = new int[9];

        for (int i = 0; i < Iterations; i++)
        {
            int op = random.Next(ops.Length);
            ops[op]++;
            byte[] bytes = Mutate(valid, entries, op, random);
            if (random.Next(4) != 0)
            {
                if (random.Next(2) == 0)
                    SampleModels.FixFileLength(bytes);
                SampleModels.FixChecksum(bytes);
            }

            try
            {
                using EavmModel model = EavmReader.Read(bytes);
                Exercise(model);
                accepted++;
            }
            catch (EavmFormatException e)
            {
                rejected++;
                if (!e.Message.StartsWith("checksum mismatch", StringComparison.Ordinal))
                    rejectedPastChecksum++;
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }
            catch (Exception e)
            {
                Assert.Fail($"iteration {i} (mutation {op}) threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }

        output.WriteLine($"accepted {accepted}, rejected {rejected} ({rejectedPastChecksum} past the checksum); ops {string.Join(",", ops)}");
        Assert.Equal(Iterations, accepted + rejected);
        // The fuzzer must reach the structural checks, not only the checksum comparison.
        Assert.True(rejectedPastChecksum > Iterations / 3, $"only {rejectedPastChecksum} rejections were past the checksum");
        Assert.True(accepted > 0, "no mutation was accepted; the fuzzer is not reaching valid reads");
    }

    [Fact]
    public void Fuzzed_files_opened_by_path_either_read_or_throw_EavmFormatException()
    {
        byte[] valid = SampleModels.Bytes();
        var entries = SampleModels.Entries(valid);
        var random = new Random(7);
        using var dir = SampleModels.TempDirectory();
        string path = dir.File("fuzz.eavm");
        for (int i = 0; i < 200; i++)
        {
            int op = random.Next(9);
            byte[] bytes = Mutate(valid, entries, op, random);
            SampleModels.FixFileLength(bytes);
            SampleModels.FixChecksum(bytes);
            File.WriteAllBytes(path, bytes);
            try
            {
                using EavmModel model = EavmReader.Open(path);
                Exercise(model);
            }
            catch (EavmFormatException)
            {
            }
        }
    }

    private static void Exercise(EavmModel model)
    {
        _ = model.Manifest.Json.Length;
        foreach (EavmTensorInfo t in model.Tensors)
        {
            Assert.Equal(t.ByteLength, model.GetTensorBytes(t.Name).Length);
            Assert.Equal(0, t.Offset % 64);
            if (t.DType is EavmDType.Float32 or EavmDType.Float16)
                Assert.Equal(t.ElementCount, model.GetTensorAsSingle(t.Name).Length);
        }
    }

    private static byte[] Mutate(byte[] valid, List<SampleModels.Entry> entries, int op, Random random)
    {
        byte[] bytes = (byte[])valid.Clone();
        switch (op)
        {
            case 0: // flip 1-4 bits anywhere
                for (int k = random.Next(1, 5); k > 0; k--)
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return bytes;
            case 1: // overwrite a byte (biased to the header, manifest and table)
                bytes[random.Next(random.Next(2) == 0 ? entries[^1].LengthAt + 8 : bytes.Length)] = (byte)random.Next(256);
                return bytes;
            case 2: // insert 1-16 random bytes
            {
                int at = random.Next(bytes.Length + 1);
                var inserted = new byte[random.Next(1, 17)];
                random.NextBytes(inserted);
                return [.. bytes[..at], .. inserted, .. bytes[at..]];
            }
            case 3: // delete 1-16 bytes
            {
                int at = random.Next(bytes.Length);
                int count = Math.Min(random.Next(1, 17), bytes.Length - at);
                return [.. bytes[..at], .. bytes[(at + count)..]];
            }
            case 4: // truncate
                return bytes[..random.Next(bytes.Length)];
            case 5: // header field edit
            {
                var (at, size) = HeaderFields[random.Next(HeaderFields.Length)];
                WriteField(bytes, at, size, Interesting(random, bytes.Length));
                return bytes;
            }
            case 6: // tensor table field edit
            {
                SampleModels.Entry e = entries[random.Next(entries.Count)];
                switch (random.Next(5))
                {
                    case 0: WriteField(bytes, e.Start, 2, Interesting(random, bytes.Length)); break;
                    case 1: bytes[e.DTypeAt] = (byte)random.Next(8); break;
                    case 2: bytes[e.RankAt] = (byte)random.Next(12); break;
                    case 3:
                        int rank = (e.OffsetAt - e.DimsAt) / 8;
                        WriteField(bytes, rank == 0 ? e.OffsetAt : e.DimsAt + 8 * random.Next(rank), 8, Interesting(random, bytes.Length));
                        break;
                    default: WriteField(bytes, random.Next(2) == 0 ? e.OffsetAt : e.LengthAt, 8, Interesting(random, bytes.Length)); break;
                }
                return bytes;
            }
            case 7: // append bytes
            {
                var tail = new byte[random.Next(1, 130)];
                random.NextBytes(tail);
                return [.. bytes, .. tail];
            }
            default: // swap two tensor table entries' offsets
            {
                SampleModels.Entry a = entries[random.Next(entries.Count)], b = entries[random.Next(entries.Count)];
                ulong offsetA = SampleModels.U64(bytes, a.OffsetAt);
                SampleModels.SetU64(bytes, a.OffsetAt, SampleModels.U64(bytes, b.OffsetAt));
                SampleModels.SetU64(bytes, b.OffsetAt, offsetA);
                return bytes;
            }
        }
    }

    private static ulong Interesting(Random random, int length) => random.Next(18) switch
    {
        0 => 0,
        1 => 1,
        2 => 7,
        3 => 8,
        4 => 63,
        5 => 64,
        6 => 65,
        7 => 128,
        8 => (ulong)length - 1,
        9 => (ulong)length,
        10 => (ulong)length + 1,
        11 => uint.MaxValue,
        12 => ulong.MaxValue,
        13 => long.MaxValue,
        14 => 1UL << 31,
        15 => 1UL << 32,
        16 => (ulong)random.Next(length),
        _ => (ulong)random.NextInt64(),
    };

    private static void WriteField(byte[] bytes, int at, int size, ulong value)
    {
        Span<byte> field = bytes.AsSpan(at, size);
        switch (size)
        {
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(field, (ushort)value); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(field, (uint)value); break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(field, value); break;
        }
    }
}
