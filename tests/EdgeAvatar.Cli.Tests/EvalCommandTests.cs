namespace EdgeAvatar.Cli.Tests;

/// <summary><c>edgeavatar-train eval</c> option handling that needs no rendering.</summary>
public sealed class EvalCommandTests
{
    [SkippableFact]
    public void A_missing_drive_clip_is_missing_input_before_any_rendering()
    {
        string? model = TinyAvatarFixture.FindUp(Path.Combine("samples", "models", "cnn_anchor_quick.eavm"));
        string? drive = TinyAvatarFixture.FindUp(Path.Combine("samples", "drive", "en_male_jfk_11s.flac"));
        Skip.If(model is null || drive is null, "needs samples/models and samples/drive");
        string dataset = Directory.CreateTempSubdirectory("ea-eval-").FullName;
        try
        {
            string missing = Path.Combine(dataset, "no-such-voice.wav");
            var r = ProgramRunner.Run("edgeavatar-train", "eval", model!, dataset, "--drive", drive!, "--drive", missing);
            Assert.Equal(66, r.ExitCode);
            Assert.Contains("no-such-voice.wav", r.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", r.StdErr, StringComparison.Ordinal);
            Assert.Equal("", r.StdOut);
        }
        finally
        {
            Directory.Delete(dataset, recursive: true);
        }
    }

    [SkippableTheory]
    [InlineData("--mouth-source", "lips")]
    [InlineData("--mouth-source", "recorded", "--drive", "DRIVE")]
    public void A_mouth_source_eval_cannot_use_is_a_usage_error_before_any_rendering(params string[] options)
    {
        string? model = TinyAvatarFixture.FindUp(Path.Combine("samples", "models", "cnn_anchor_quick.eavm"));
        string? drive = TinyAvatarFixture.FindUp(Path.Combine("samples", "drive", "en_male_jfk_11s.flac"));
        Skip.If(model is null || drive is null, "needs samples/models and samples/drive");
        string dataset = Directory.CreateTempSubdirectory("ea-eval-").FullName;
        try
        {
            string[] args = ["eval", model!, dataset, .. options.Select(o => o == "DRIVE" ? drive! : o)];
            var r = ProgramRunner.Run("edgeavatar-train", args);
            Assert.Equal(64, r.ExitCode);
            Assert.Contains(options[1] == "lips" ? "lips" : "--drive", r.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", r.StdErr, StringComparison.Ordinal);
            Assert.Equal("", r.StdOut);
        }
        finally
        {
            Directory.Delete(dataset, recursive: true);
        }
    }
}
