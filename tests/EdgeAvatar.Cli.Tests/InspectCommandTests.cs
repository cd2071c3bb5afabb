using System.Text.Json;
using EdgeAvatar.Tests.Avatars;

namespace EdgeAvatar.Cli.Tests;

public sealed class InspectCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ea-inspect-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteModel(string? kind = null, Action<string, float[]>? tensor = null)
    {
        string path = Path.Combine(_dir, "model.eavm");
        AvatarFiles.Rewrite(path, kind: kind, tensor: tensor);
        return path;
    }

    [Fact]
    public void Inspect_prints_manifest_and_tensor_table_and_exits_zero()
    {
        var r = ProgramRunner.Run("edgeavatar", "inspect", WriteModel());

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("edgeavatar-avatar-v1", r.StdOut);
        Assert.Contains("idle.pose_track", r.StdOut);
        Assert.Contains("occupancy.bitfield", r.StdOut);
        Assert.Equal("", r.StdErr);
    }

    [Fact]
    public void Inspect_json_is_one_parseable_object_naming_every_tensor()
    {
        var r = ProgramRunner.Run("edgeavatar", "inspect", WriteModel(), "--json");

        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        string text = doc.RootElement.GetRawText();
        Assert.Contains("idle.pose_track", text);
        Assert.Contains("occupancy.bitfield", text);
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
    public void Inspect_refuses_a_checksum_valid_model_of_another_kind_with_65_naming_the_kind()
    {
        var r = ProgramRunner.Run("edgeavatar", "inspect", WriteModel(kind: "radnerf-head-torso"));

        Assert.Equal(65, r.ExitCode);
        Assert.Equal("", r.StdOut);
        Assert.Contains("radnerf-head-torso", r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    [Fact]
    public void Inspect_refuses_a_nan_in_the_idle_pose_track_with_65_naming_the_tensor()
    {
        string path = WriteModel(tensor: (name, values) =>
        {
            if (name == "idle.pose_track") values[3] = float.NaN;
        });

        var r = ProgramRunner.Run("edgeavatar", "inspect", path);

        Assert.Equal(65, r.ExitCode);
        Assert.Contains("idle.pose_track", r.StdErr);
    }

    [Fact]
    public void Inspect_of_a_missing_file_exits_66()
    {
        var r = ProgramRunner.Run("edgeavatar", "inspect", Path.Combine(_dir, "nope.eavm"));

        Assert.Equal(66, r.ExitCode);
        Assert.Contains("nope.eavm", r.StdErr);
    }
}
