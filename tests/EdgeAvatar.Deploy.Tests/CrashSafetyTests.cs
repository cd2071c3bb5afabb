using System.Diagnostics;
using EdgeAvatar.Host.Deploy;

namespace EdgeAvatar.Deploy.Tests;

/// <summary>
/// kill -9 during <c>edgeavatar model install</c> at every numbered <see cref="InstallStep"/> (the child pauses there
/// via EDGEAVATAR_TEST_CRASH_AT, then the test SIGKILLs it). Invariant: <c>current</c> names the old or the new
/// model — the old one before the rename(2), the new one from it on — and that model verifies; never neither. Then
/// the next install recovers: it succeeds and leaves no temporary files behind.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<int> Steps()
    {
        var data = new TheoryData<int>();
        foreach (InstallStep step in Enum.GetValues<InstallStep>())
            data.Add((int)step);
        return data;
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Kill_9_at_any_install_step_leaves_the_old_or_the_new_model_current_and_verifiable(int stepNumber)
    {
        var step = (InstallStep)stepNumber;
        var store = new ModelStore(_dir.Combine("store"));
        // Three versions (a, b, old = current) so that installing with --keep 2 reaches the pruning step.
        for (int seed = 1; seed <= 3; seed++)
            store.Install(Upload(seed, out _), 3, TextWriter.Null);
        string old = store.CurrentSha()!;
        string upload = Upload(4, out string fresh);

        KillAt(step, upload, store.Root);

        string? current = store.CurrentSha();
        Assert.True(current == old || current == fresh, $"after kill at {step}, current is {current ?? "missing"}");
        Assert.Equal(step >= InstallStep.CurrentSwitched ? fresh : old, current);
        Assert.Null(store.VerifyVersion(current!));
        Assert.Equal(current, store.List().Single(v => v.IsCurrent).Sha256);

        // Recovery: the interrupted install can simply be repeated.
        ProcessRunner.Result again = ProcessRunner.EdgeAvatar(null, "model", "install", upload, "--store", store.Root, "--keep", "2");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(fresh, store.CurrentSha());
        Assert.Null(store.VerifyVersion(fresh));
        Assert.Empty(Directory.EnumerateFileSystemEntries(store.Root, "current.tmp-*"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(store.Root, ".staging")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(store.Root, ".trash")));
        Assert.Equal(2, Directory.EnumerateDirectories(Path.Combine(store.Root, "models")).Count());
        Assert.Equal(old, store.Rollback(TextWriter.Null).Sha256);
    }

    private string Upload(int seed, out string sha)
    {
        string path = _dir.Combine($"upload-{seed}.eavm");
        sha = TestModels.Write(path, seed);
        return path;
    }

    /// <summary>Runs the install until it announces <paramref name="step"/>, then SIGKILLs it.</summary>
    private static void KillAt(InstallStep step, string upload, string storeRoot)
    {
        var env = new Dictionary<string, string?> { [CrashPoints.EnvironmentVariable] = ((int)step).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        using Process child = ProcessRunner.StartEdgeAvatar(env, "model", "install", upload, "--store", storeRoot, "--keep", "2");
        string announcement = CrashPoints.Announcement(step);
        var seen = new List<string>();
        string? line;
        while ((line = child.StandardError.ReadLine()) is not null)
        {
            seen.Add(line);
            if (line == announcement)
                break;
        }
        if (line is null)
        {
            child.WaitForExit();
            Assert.Fail($"install exited ({child.ExitCode}) without reaching {step}:\n{string.Join('\n', seen)}");
        }
        child.Kill(); // SIGKILL on Linux: no finally blocks, no flushing, like a power cut of the process
        child.WaitForExit();
    }
}
