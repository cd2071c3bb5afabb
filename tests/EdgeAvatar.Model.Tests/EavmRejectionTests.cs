using System.Text;
using EdgeAvatar.Common;
using EdgeAvatar.Model;

namespace EdgeAvatar.Model.Tests;

/// <summary>
/// Each way a file can be wrong, one at a time. Edits past the header re-compute the checksum (FixChecksum) so the
/// check under test, not the checksum, is what rejects the file.
/// </summary>
public sealed class EavmRejectionTests
{
    private readonly byte[] _valid = SampleModels.Bytes();

    [Fact]
    public void Read_rejects_empty_file() => Rejects([], "too short");

    [Fact]
    public void Read_rejects_wrong_magic()
    {
        byte[] bytes = Copy();
        bytes[3] = (byte)'X';
        Rejects(bytes, "not an EAVM model");
    }

    [Fact]
    public void Read_rejects_magic_damaged_by_line_ending_conversion()
    {
        byte[] bytes = Copy();
        bytes[4] = (byte)'\n'; // CR LF → LF shifted the guard bytes
        Rejects(bytes, "not an EAVM model");
    }

    [Fact]
    public void Read_rejects_unknown_major_version()
    {
        byte[] bytes = Copy();
        SampleModels.SetU16(bytes, 8, 2);
        Rejects(bytes, "unsupported format version 2.0");
    }

    [Fact]
    public void Read_accepts_newer_minor_version_and_unknown_optional_flags()
    {
        byte[] bytes = Copy();
        SampleModels.SetU16(bytes, 10, 7);
        SampleModels.SetU32(bytes, 12, 0x8000_0000);
        using EavmModel model = EavmReader.Read(bytes);
        Assert.Equal(7, model.Header.MinorVersion);
    }

    [Fact]
    public void Read_rejects_unknown_required_flag()
    {
        byte[] bytes = Copy();
        SampleModels.SetU32(bytes, 12, 1);
        Rejects(bytes, "required bits 0x00000001");
    }

    [Theory]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(-1)]
    public void Read_rejects_truncated_file(int length)
    {
        byte[] bytes = _valid[..(length < 0 ? _valid.Length + length : length)];
        Rejects(bytes, length == 7 ? "too short" : "truncated");
    }

    [Fact]
    public void Read_rejects_trailing_bytes_after_declared_end()
        => Rejects([.. _valid, 0], "unexpected trailing bytes");

    [Fact]
    public void Read_rejects_file_with_flipped_checksum_byte()
    {
        byte[] bytes = Copy();
        bytes[90] ^= 0x01;
        Rejects(bytes, "checksum mismatch");
    }

    [Fact]
    public void Read_rejects_file_with_flipped_tensor_data_bit()
    {
        byte[] bytes = Copy();
        bytes[(int)SampleModels.U64(bytes, 56) + 3] ^= 0x10;
        Rejects(bytes, "checksum mismatch");
    }

    [Theory]
    [InlineData(0U)]
    [InlineData(120U)]
    [InlineData(130U)]
    [InlineData(1U << 20)]
    public void Read_rejects_header_size_out_of_range(uint headerSize)
    {
        byte[] bytes = Copy();
        SampleModels.SetU32(bytes, 16, headerSize);
        Rejects(bytes, "header size");
    }

    [Fact]
    public void Read_rejects_manifest_offset_inside_header()
    {
        byte[] bytes = Copy();
        SampleModels.SetU64(bytes, 24, 0);
        Fix(bytes);
        Rejects(bytes, "manifest offset 0 is out of range");
    }

    [Fact]
    public void Read_rejects_manifest_length_past_end_of_file()
    {
        byte[] bytes = Copy();
        SampleModels.SetU64(bytes, 32, ulong.MaxValue);
        Fix(bytes);
        Rejects(bytes, "manifest at offset 128 declares");
    }

    [Fact]
    public void Read_rejects_tensor_table_overlapping_manifest()
    {
        byte[] bytes = Copy();
        SampleModels.SetU64(bytes, 40, 128);
        Fix(bytes);
        Rejects(bytes, "tensor table offset 128 is out of range");
    }

    [Fact]
    public void Read_rejects_misaligned_data_section()
    {
        byte[] bytes = Copy();
        SampleModels.SetU64(bytes, 56, SampleModels.U64(bytes, 56) + 8);
        Fix(bytes);
        Rejects(bytes, "not a multiple of 64");
    }

    [Fact]
    public void Read_rejects_data_section_that_ends_before_the_file()
    {
        byte[] bytes = Copy();
        SampleModels.SetU64(bytes, 64, SampleModels.U64(bytes, 64) - 64);
        Fix(bytes);
        Rejects(bytes, "expected it to end at the end of the file");
    }

    [Fact]
    public void Read_rejects_misaligned_tensor_offset()
    {
        byte[] bytes = Copy();
        var e = SampleModels.Entries(bytes)[1];
        SampleModels.SetU64(bytes, e.OffsetAt, SampleModels.U64(bytes, e.OffsetAt) + 4);
        Fix(bytes);
        Rejects(bytes, "tensor 'color.weights' offset");
    }

    [Fact]
    public void Read_rejects_overlapping_tensors()
    {
        byte[] bytes = Copy();
        var entries = SampleModels.Entries(bytes);
        SampleModels.SetU64(bytes, entries[1].OffsetAt, SampleModels.U64(bytes, entries[0].OffsetAt));
        Fix(bytes);
        Rejects(bytes, "overlap");
    }

    [Fact]
    public void Read_rejects_tensor_outside_data_section()
    {
        byte[] bytes = Copy();
        var e = SampleModels.Entries(bytes)[0];
        SampleModels.SetU64(bytes, e.OffsetAt, (ulong)bytes.Length);
        Fix(bytes);
        Rejects(bytes, "outside the data section");
    }

    [Fact]
    public void Read_rejects_tensor_offset_before_data_section()
    {
        byte[] bytes = Copy();
        var e = SampleModels.Entries(bytes)[0];
        SampleModels.SetU64(bytes, e.OffsetAt, 128);
        Fix(bytes);
        Rejects(bytes, "outside the data section");
    }

    [Fact]
    public void Read_rejects_element_count_overflow()
    {
        byte[] bytes = Copy();
        var e = SampleModels.Entries(bytes)[0];
        SampleModels.SetU64(bytes, e.DimsAt, 1UL << 40);
        SampleModels.SetU64(bytes, e.DimsAt + 8, 1UL << 40);
        Fix(bytes);
        Rejects(bytes, "more elements than");
    }

    [Fact]
    public void Read_rejects_dimension_beyond_int64()
    {
        byte[] bytes = Copy();
        var e = SampleModels.Entries(bytes)[0];
        SampleModels.SetU64(bytes, e.DimsAt, ulong.MaxValue);
        Fix(bytes);
        Rejects(bytes, "dimension 0");
    }

    [Fact]
    public void Read_rejects_shape_needing_more_bytes_than_the_file()
    {
        byte[] bytes = Copy();
        var e = SampleModels.Entries(bytes)[0];
        SampleModels.SetU64(bytes, e.DimsAt, SampleModels.U64(bytes, 64) / 8); // × 4 = half as many elements as data bytes, × fp32 = twice the bytes
        Fix(bytes);
        Rejects(bytes, "needs more bytes than");
    }

    [Fact]
    public void Read_rejects_byte_length_that_does_not_match_shape()
    {
        byte[] bytes = Copy();
        var e = SampleModels.Entries(bytes)[0];
        SampleModels.SetU64(bytes, e.LengthAt, 44);
        Fix(bytes);
        Rejects(bytes, "byte length is 44, expected 48");
    }

    [Fact]
    public void Read_rejects_rank_over_8()
    {
        byte[] bytes = Copy();
        bytes[SampleModels.Entries(bytes)[0].RankAt] = 9;
        Fix(bytes);
        Rejects(bytes, "rank 9");
    }

    [Fact]
    public void Read_rejects_unknown_dtype()
    {
        byte[] bytes = Copy();
        bytes[SampleModels.Entries(bytes)[2].DTypeAt] = 42;
        Fix(bytes);
        Rejects(bytes, "unknown dtype 42");
    }

    [Fact]
    public void Read_rejects_duplicate_tensor_names()
    {
        var writer = new EavmWriter(SampleModels.Manifest());
        writer.AddTensor<byte>("aa", new byte[] { 1 }, 1);
        writer.AddTensor<byte>("ab", new byte[] { 2 }, 1);
        byte[] bytes = writer.ToArray();
        bytes[SampleModels.Entries(bytes)[1].NameAt + 1] = (byte)'a';
        Fix(bytes);
        Rejects(bytes, "duplicate tensor name 'aa'");
    }

    [Fact]
    public void Read_rejects_invalid_utf8_tensor_name()
    {
        byte[] bytes = Copy();
        bytes[SampleModels.Entries(bytes)[0].NameAt] = 0xFF;
        Fix(bytes);
        Rejects(bytes, "name is not valid UTF-8");
    }

    [Fact]
    public void Read_rejects_zero_length_tensor_name()
    {
        byte[] bytes = Copy();
        SampleModels.SetU16(bytes, SampleModels.Entries(bytes)[0].Start, 0);
        Fix(bytes);
        Rejects(bytes, "name length is 0");
    }

    [Fact]
    public void Read_rejects_tensor_count_that_cannot_fit_the_table()
    {
        byte[] bytes = Copy();
        SampleModels.SetU32(bytes, 20, uint.MaxValue);
        Fix(bytes);
        Rejects(bytes, "cannot fit");
    }

    [Fact]
    public void Read_rejects_table_with_unused_trailing_bytes()
    {
        byte[] bytes = Copy();
        SampleModels.SetU32(bytes, 20, 5);
        Fix(bytes);
        Rejects(bytes, "unused bytes");
    }

    [Fact]
    public void Read_rejects_entry_that_runs_past_the_table()
    {
        byte[] bytes = Copy();
        SampleModels.SetU16(bytes, SampleModels.Entries(bytes)[^1].Start, 200);
        Fix(bytes);
        Rejects(bytes, "runs past the end of the tensor table");
    }

    [Fact]
    public void Read_rejects_invalid_utf8_manifest()
    {
        byte[] bytes = Copy();
        bytes[130] = 0xC3; // a lead byte followed by ASCII
        Fix(bytes);
        Rejects(bytes, "not valid UTF-8");
    }

    [Fact]
    public void Read_rejects_manifest_that_is_not_json()
    {
        byte[] bytes = Copy();
        bytes[128] = (byte)'[';
        Fix(bytes);
        Rejects(bytes, "not valid JSON");
    }

    [Theory]
    [InlineData("\"kind\"", "\"kinx\"", "\"kind\" is missing")]
    [InlineData("\"config\"", "\"confix\"", "\"config\" is missing")]
    [InlineData("\"training\"", "\"trainin_\"", "\"training\" is missing")]
    [InlineData("\"dataset\"", "\"datasex\"", "\"dataset\" is missing")]
    [InlineData("\"steps\"", "\"stepz\"", "\"steps\" is missing")]
    [InlineData("\"date\"", "\"datx\"", "\"date\" is missing")]
    [InlineData("\"trainerVersion\"", "\"trainerVersioX\"", "\"trainerVersion\" is missing")]
    [InlineData(":30000", ":-3000", "non-negative integer")]
    [InlineData("\"2025-03-04", "\"2025-13-04", "ISO 8601")]
    public void Read_rejects_manifest_with_missing_or_invalid_required_key(string find, string replace, string message)
    {
        byte[] bytes = Copy();
        PatchManifest(bytes, find, replace);
        Fix(bytes);
        Rejects(bytes, message);
    }

    [Fact]
    public void Read_rejects_manifest_with_duplicate_keys()
    {
        byte[] bytes = Copy();
        PatchManifest(bytes, "\"config\"", "\"kind\"  "); // {"kind":"…","kind"  :{…}: valid JSON syntax, duplicate key
        Fix(bytes);
        Rejects(bytes, "not valid JSON");
    }

    [Fact]
    public void Open_reports_missing_file_as_no_input()
    {
        using var dir = SampleModels.TempDirectory();
        var e = Assert.Throws<EdgeAvatarException>(() => EavmReader.Open(dir.File("absent.eavm")));
        Assert.Equal(ExitCodes.NoInput, e.ExitCode);
    }

    [Fact]
    public void Open_prefixes_format_errors_with_the_path()
    {
        using var dir = SampleModels.TempDirectory();
        string path = dir.File("bad.eavm");
        byte[] bytes = Copy();
        bytes[^1] ^= 1;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<EavmFormatException>(() => EavmReader.Open(path));
        Assert.StartsWith(path + ": checksum mismatch", e.Message);
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
    }

    [Fact]
    public void Open_rejects_empty_file_without_mapping_it()
    {
        using var dir = SampleModels.TempDirectory();
        string path = dir.File("empty.eavm");
        File.WriteAllBytes(path, []);
        Assert.Throws<EavmFormatException>(() => EavmReader.Open(path));
    }

    [Fact]
    public void GetTensor_rejects_wrong_element_type_and_unknown_name()
    {
        using EavmModel model = EavmReader.Read(_valid);
        Assert.Contains("stored as fp16", Assert.Throws<EavmFormatException>(() => model.GetTensor<float>("color.weights").Length).Message);
        Assert.Contains("no tensor named 'nope'", Assert.Throws<EavmFormatException>(() => model.GetTensor<float>("nope").Length).Message);
        Assert.Throws<EavmFormatException>(() => model.GetTensorAsSingle("mask"));
    }

    private byte[] Copy() => (byte[])_valid.Clone();

    private static void Fix(byte[] bytes) => SampleModels.FixChecksum(bytes);

    private static void PatchManifest(byte[] bytes, string find, string replace)
    {
        Assert.Equal(find.Length, replace.Length);
        int manifestEnd = 128 + (int)SampleModels.U64(bytes, 32);
        string manifest = Encoding.Latin1.GetString(bytes, 128, manifestEnd - 128);
        int at = manifest.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' not in manifest {manifest}");
        Encoding.Latin1.GetBytes(replace).CopyTo(bytes, 128 + at);
    }

    private static void Rejects(byte[] bytes, string messageFragment)
    {
        var e = Assert.Throws<EavmFormatException>(() => EavmReader.Read(bytes).Dispose());
        Assert.Contains(messageFragment, e.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
    }
}
