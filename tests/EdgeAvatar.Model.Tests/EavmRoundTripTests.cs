using System.Text.Json;
using EdgeAvatar.Model;

namespace EdgeAvatar.Model.Tests;

public sealed class EavmRoundTripTests
{
    [Fact]
    public void Round_trip_from_bytes_preserves_every_dtype_and_shape()
    {
        using EavmModel model = EavmReader.Read(SampleModels.Bytes());
        AssertSampleContents(model);
    }

    [Fact]
    public void Round_trip_through_memory_mapped_file_preserves_contents()
    {
        using var dir = SampleModels.TempDirectory();
        string path = dir.File("model.eavm");
        SampleModels.Writer().Write(path);
        using EavmModel model = EavmReader.Open(path);
        AssertSampleContents(model);
    }

    [Fact]
    public void Round_trip_from_stream_preserves_contents()
    {
        using var stream = new MemoryStream(SampleModels.Bytes());
        using EavmModel model = EavmReader.Read(stream);
        AssertSampleContents(model);
    }

    [Fact]
    public void Manifest_round_trips_kind_config_and_training_metadata()
    {
        using EavmModel model = EavmReader.Read(SampleModels.Bytes());
        EavmManifest m = model.Manifest;
        Assert.Equal("radnerf-head-torso", m.Kind);
        Assert.Equal(16, m.Config.GetProperty("gridLevels").GetInt32());
        Assert.True(m.Config.GetProperty("torso").GetBoolean());
        Assert.Equal("obama-5min", m.Training.Dataset);
        Assert.Equal(30000, m.Training.Steps);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero), m.Training.Date);
        Assert.Equal("0.1.0", m.Training.TrainerVersion);
        Assert.Equal(31.25, m.Training.Metrics["psnr"]);
        Assert.Equal(0.0625, m.Training.Metrics["lpips"]);
        using var doc = JsonDocument.Parse(m.Json);
        Assert.Equal("radnerf-head-torso", doc.RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public void Every_tensor_and_the_data_section_start_at_multiples_of_64()
    {
        using EavmModel model = EavmReader.Read(SampleModels.Bytes());
        Assert.Equal(0UL, model.Header.DataOffset % 64);
        Assert.Equal(0UL, model.Header.FileLength % 64);
        Assert.All(model.Tensors, t => Assert.Equal(0, t.Offset % 64));
        Assert.All(model.Tensors, t => Assert.True(t.Offset >= (long)model.Header.DataOffset));
    }

    [Fact]
    public void Header_reports_version_sizes_and_checksum()
    {
        byte[] bytes = SampleModels.Bytes();
        using EavmModel model = EavmReader.Read(bytes);
        EavmHeader h = model.Header;
        Assert.Equal(1, h.MajorVersion);
        Assert.Equal(0, h.MinorVersion);
        Assert.Equal(128U, h.HeaderSize);
        Assert.Equal((ulong)bytes.Length, h.FileLength);
        Assert.Equal(6U, h.TensorCount);
        Assert.Equal(128UL, h.ManifestOffset);
        Assert.Equal(0UL, h.TensorTableOffset % 8);
        Assert.Equal(64, h.Sha256.Length);
        Assert.Equal("EAVM\r\n\x1A\n"u8.ToArray(), bytes[..8]);
    }

    [Fact]
    public void Tensors_keep_the_order_they_were_added_in()
    {
        using EavmModel model = EavmReader.Read(SampleModels.Bytes());
        Assert.Equal(["density.weights", "color.weights", "mask", "indices", "scale", "empty"],
            model.Tensors.Select(t => t.Name));
    }

    [Fact]
    public void Model_without_tensors_round_trips()
    {
        byte[] bytes = new EavmWriter(SampleModels.Manifest()).ToArray();
        using EavmModel model = EavmReader.Read(bytes);
        Assert.Empty(model.Tensors);
        Assert.Equal(0UL, model.Header.DataLength);
    }

    [Fact]
    public void Rank_8_tensor_round_trips()
    {
        var writer = new EavmWriter(SampleModels.Manifest());
        writer.AddTensor<int>("deep", Enumerable.Range(0, 256).ToArray(), 2, 2, 2, 2, 2, 2, 2, 2);
        using EavmModel model = EavmReader.Read(writer.ToArray());
        Assert.Equal(8, model.GetTensorInfo("deep").Rank);
        Assert.Equal(Enumerable.Range(0, 256).ToArray(), model.GetTensorArray<int>("deep"));
    }

    [Fact]
    public void Unicode_tensor_names_round_trip()
    {
        var writer = new EavmWriter(SampleModels.Manifest());
        writer.AddTensor<byte>("têtê/ключ/顔", new byte[] { 9 }, 1);
        using EavmModel model = EavmReader.Read(writer.ToArray());
        Assert.Equal(new byte[] { 9 }, model.GetTensorArray<byte>("têtê/ключ/顔"));
    }

    [Fact]
    public void Fp16_tensor_converts_to_fp32_exactly()
    {
        using EavmModel model = EavmReader.Read(SampleModels.Bytes());
        Assert.Equal([-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f], model.GetTensorAsSingle("color.weights"));
        Assert.Equal(model.GetTensorArray<float>("density.weights"), model.GetTensorAsSingle("density.weights"));
        Assert.Equal([float.PositiveInfinity, 65504f], EavmHalf.ToSingle([Half.PositiveInfinity, Half.MaxValue]));
    }

    [Fact]
    public void Twelve_megabyte_model_round_trips_through_memory_map()
    {
        // Size of a real head+torso model: exercises the chunked checksum over a mapping larger than one chunk.
        float[] weights = new float[3 * 1024 * 1024];
        for (int i = 0; i < weights.Length; i++)
            weights[i] = i * 0.25f;
        var writer = new EavmWriter(SampleModels.Manifest());
        writer.AddTensor<float>("grid", weights, 3, 1024, 1024);
        using var dir = SampleModels.TempDirectory();
        string path = dir.File("big.eavm");
        writer.Write(path);
        using EavmModel model = EavmReader.Open(path);
        ReadOnlySpan<float> read = model.GetTensor<float>("grid");
        Assert.True(read.SequenceEqual(weights));
    }

    [Fact]
    public void Writer_output_is_deterministic()
        => Assert.Equal(SampleModels.Bytes(), SampleModels.Bytes());

    private static void AssertSampleContents(EavmModel model)
    {
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i * 0.5f).ToArray(), model.GetTensor<float>("density.weights").ToArray());
        Assert.Equal([3L, 4L], model.GetTensorInfo("density.weights").Shape);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => (Half)(i - 2.5f)).ToArray(), model.GetTensor<Half>("color.weights").ToArray());
        Assert.Equal(EavmDType.Float16, model.GetTensorInfo("color.weights").DType);
        Assert.Equal(new byte[] { 0, 1, 2, 255, 7 }, model.GetTensor<byte>("mask").ToArray());
        Assert.Equal(new[] { -1, 0, int.MaxValue, int.MinValue }, model.GetTensor<int>("indices").ToArray());
        Assert.Equal([2L, 1L, 2L], model.GetTensorInfo("indices").Shape);

        EavmTensorInfo scalar = model.GetTensorInfo("scale");
        Assert.Equal(0, scalar.Rank);
        Assert.Equal(1, scalar.ElementCount);
        Assert.Equal("[]", scalar.ShapeText);
        Assert.Equal(2.5f, model.GetTensor<float>("scale")[0]);

        EavmTensorInfo empty = model.GetTensorInfo("empty");
        Assert.Equal([0L, 7L], empty.Shape);
        Assert.Equal(0, empty.ByteLength);
        Assert.True(model.GetTensor<float>("empty").IsEmpty);
    }
}
