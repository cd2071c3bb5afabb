using System.Diagnostics;
using EdgeAvatar.Common;
using EdgeAvatar.Common.Cli;

namespace EdgeAvatar.Host.Tests.Cli;

/// <summary>
/// Exit codes and timing of <see cref="CommandGuard"/>: a refusal decided from the input is reported at once (scripts
/// feel every second), an I/O failure still waits for a signal that may be on its way.
/// </summary>
public sealed class CommandGuardTests
{
    [Theory]
    [InlineData(ExitCodes.Usage)]
    [InlineData(ExitCodes.DataError)]
    [InlineData(ExitCodes.NoInput)]
    [InlineData(ExitCodes.Config)]
    public void A_refusal_decided_from_the_input_exits_with_its_code_without_waiting(int code)
    {
        var clock = Stopwatch.StartNew();

        int exit = CommandGuard.Run("test", _ => throw new EdgeAvatarException(code, "refused"), CancellationToken.None);

        Assert.Equal(code, exit);
        // Waiting for a signal takes the 2-s grace at least, so anything shorter is no wait; 1.9 s leaves a loaded CI
        // runner room for the first call's start-up.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.9), $"took {clock.Elapsed.TotalSeconds:F2} s");
    }

    [Fact]
    public void Only_failures_a_dying_child_can_cause_wait_for_a_signal()
    {
        Assert.True(CommandGuard.MayBeAChildsDeath(new EdgeAvatarException(ExitCodes.IoError, "broken pipe")));
        Assert.True(CommandGuard.MayBeAChildsDeath(new IOException("broken pipe")));
        Assert.False(CommandGuard.MayBeAChildsDeath(new EdgeAvatarException(ExitCodes.DataError, "bad model")));
        Assert.False(CommandGuard.MayBeAChildsDeath(new EdgeAvatarException(ExitCodes.Usage, "bad option")));
    }

    [Fact]
    public void A_cancelled_body_exits_130()
        => Assert.Equal(ExitCodes.Interrupted, CommandGuard.Run("test", _ => throw new OperationCanceledException(), CancellationToken.None));
}
