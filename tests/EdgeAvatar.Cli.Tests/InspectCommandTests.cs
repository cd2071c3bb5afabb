using System.Text.Json;
using EdgeAvatar.Model;

namespace EdgeAvatar.Cli.Tests;

public sealed class InspectCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ea-inspect-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteModel()
    {
        var manifest = new EavmManifest
        {
            Kind = "test-kind",
            Config = JsonDocument.Parse("""{"type":"test","levels":3}""").RootElement.Clone(),
            Training = new EavmTrainingInfo
            {
                Dataset = "unit-test", Steps = 7, Date = DateTimeOffset.UnixEpoch, TrainerVersion = "0.0-test",
            },
        };
        var writer = new EavmWriter(manifest);
        writer.AddTensor<float>("grid.table", new float[12], 3, 4);
        writer.AddTensor<int>("occupancy.bits", new int[5], 5);
        string path = Path.Combine(_dir, "model.eavm");
        writer.Write(path);
        return path;
    }

    [Fact]
    public void Inspect_prints_manifest_and_tensor_table_and_exits_zero()
    {
        var r = ProgramRunner.Run("edgeavatar", "inspect", WriteModel());

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("test-kind", r.StdOut);
        Assert.Contains("grid.table", r.StdOut);
        Assert.Contains("occupancy.bits", r.StdOut);
        Assert.Equal("", r.StdErr);
    }

    [Fact]
    public void Inspect_json_is_one_parseable_object_naming_every_tensor()
    {
        var r = ProgramRunner.Run("edgeavatar", "inspect", WriteModel(), "--json");

        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        string text = doc.RootElement.GetRawText();
        Assert.Contains("grid.table", text);
        Assert.Contains("occupancy.bits", text);
    }

    [Fact]
    public void Inspect_of_a_corrupted_model_exits_65_with_one_clear_line_and_no_stack_trace()
    {
        string path = WriteModel();
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        var r = ProgramRunner.Run("edgeavatar", "inspect", path);

        Assert.Equal(65, r.ExitCode);
        Assert.Equal("", r.StdOut);
        Assert.Contains("edgeavatar: error:", r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    [Fact]
    public void Inspect_of_a_missing_file_exits_66()
    {
        var r = ProgramRunner.Run("edgeavatar", "inspect", Path.Combine(_dir, "nope.eavm"));

        Assert.Equal(66, r.ExitCode);
        Assert.Contains("nope.eavm", r.StdErr);
    }
}
