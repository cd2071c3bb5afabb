namespace EdgeAvatar.Cli.Tests;

public sealed class UsageTests
{
    [Theory]
    [InlineData("edgeavatar")]
    [InlineData("edgeavatar-train")]
    public void Help_exits_zero_and_describes_the_program(string program)
    {
        var r = ProgramRunner.Run(program, "--help");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("EdgeAvatar", r.StdOut);
    }

    [Theory]
    [InlineData("edgeavatar")]
    [InlineData("edgeavatar-train")]
    public void Unknown_option_is_a_usage_error_with_exit_code_64(string program)
    {
        var r = ProgramRunner.Run(program, "--no-such-option");

        Assert.Equal(64, r.ExitCode);
        Assert.Contains("--help", r.StdErr);
    }

    [Fact]
    public void Missing_argument_is_a_usage_error_with_exit_code_64()
    {
        var r = ProgramRunner.Run("edgeavatar", "inspect");

        Assert.Equal(64, r.ExitCode);
    }
}
