using System.Globalization;

namespace EdgeAvatar.Host.Deploy;

/// <summary>
/// Test-only fault injection for the crash-safety test: when <c>EDGEAVATAR_TEST_CRASH_AT=&lt;n&gt;</c> names the
/// <see cref="InstallStep"/> just reached, the process announces it on stderr
/// (<c>edgeavatar: test crash point &lt;n&gt; reached</c>) and then blocks forever, so the test can kill -9 it at a
/// known state. Pausing (rather than exiting) keeps open files, the store lock and half-done work exactly as a real
/// power cut or OOM kill would find them. Unset (always, in production) it costs one environment read per install.
/// </summary>
public static class CrashPoints
{
    public const string EnvironmentVariable = "EDGEAVATAR_TEST_CRASH_AT";

    /// <summary>The line announced on stderr when <paramref name="step"/> pauses.</summary>
    public static string Announcement(InstallStep step)
        => $"edgeavatar: test crash point {(int)step} reached";

    /// <summary>Pauses forever if the environment asks for a crash at <paramref name="step"/>.</summary>
    public static void Reached(InstallStep step)
    {
        string? value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrEmpty(value)
            || !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int wanted)
            || wanted != (int)step)
            return;
        Console.Error.WriteLine(Announcement(step));
        Console.Error.Flush();
        Thread.Sleep(Timeout.Infinite);
    }
}
