using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Deploy;

namespace EdgeAvatar.Deploy.Tests;

/// <summary><c>edgeavatar model …</c> as a real child process: exit codes, stdout/stderr, daemon signalling.</summary>
public sealed class ModelCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string?> _env;

    public ModelCommandTests() => _env = new() { ["EDGEAVATAR_STORE"] = _dir.Combine("store") };

    public void Dispose() => _dir.Dispose();

    private string Model(int seed, out string sha)
    {
        string path = _dir.Combine($"upload-{seed}.eavm");
        sha = TestModels.Write(path, seed);
        return path;
    }

    private ProcessRunner.Result Cli(params string[] args) => ProcessRunner.EdgeAvatar(_env, args);

    private string CurrentSha()
    {
        ProcessRunner.Result r = Cli("model", "current");
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.StdOut.Split(' ', 2)[0].Trim();
    }

    [Fact]
    public void Install_list_current_rollback_round_trip()
    {
        string first = Model(1, out string a);
        string second = Model(2, out string b);

        ProcessRunner.Result install1 = Cli("model", "install", first);
        ProcessRunner.Result install2 = Cli("model", "install", second);
        ProcessRunner.Result list = Cli("model", "list", "--json");

        Assert.True(install1.ExitCode == 0, install1.ToString());
        Assert.True(install2.ExitCode == 0, install2.ToString());
        Assert.Empty(install2.StdOut); // progress and notices go to stderr only
        Assert.Contains("no running daemon", install2.StdErr);
        Assert.Equal(b, CurrentSha());
        Assert.True(list.ExitCode == 0, list.ToString());
        using (JsonDocument doc = JsonDocument.Parse(list.StdOut))
        {
            JsonElement[] versions = doc.RootElement.GetProperty("versions").EnumerateArray().ToArray();
            Assert.Equal([b, a], versions.Select(v => v.GetProperty("sha256").GetString()));
            Assert.True(versions[0].GetProperty("current").GetBoolean());
            Assert.True(versions[1].GetProperty("previous").GetBoolean());
            Assert.All(versions, v => Assert.True(v.GetProperty("verified").GetBoolean()));
        }

        ProcessRunner.Result rollback = Cli("model", "rollback");

        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Equal(a, CurrentSha());
        ProcessRunner.Result text = Cli("model", "list");
        Assert.Contains($"current   {a}", text.StdOut);
    }

    [Fact]
    public void Corrupt_truncated_and_missing_uploads_are_refused_and_current_is_untouched()
    {
        string good = Model(1, out string a);
        Assert.Equal(0, Cli("model", "install", good).ExitCode);
        string corrupt = _dir.Combine("corrupt.eavm");
        TestModels.WriteCorrupt(corrupt, 2);
        string truncated = _dir.Combine("truncated.eavm");
        TestModels.WriteTruncated(truncated, 3);

        ProcessRunner.Result badChecksum = Cli("model", "install", corrupt);
        ProcessRunner.Result cut = Cli("model", "install", truncated);
        ProcessRunner.Result missing = Cli("model", "install", _dir.Combine("nope.eavm"));

        Assert.True(badChecksum.ExitCode == ExitCodes.DataError, badChecksum.ToString());
        Assert.True(cut.ExitCode == ExitCodes.DataError, cut.ToString());
        Assert.True(missing.ExitCode == ExitCodes.NoInput, missing.ToString());
        Assert.Equal(a, CurrentSha());
        Assert.Single(Directory.EnumerateDirectories(Path.Combine(_dir.Combine("store"), "models")));
    }

    [Fact]
    public void Current_and_rollback_on_an_empty_store_exit_66()
    {
        Assert.Equal(ExitCodes.NoInput, Cli("model", "current").ExitCode);
        Assert.Equal(ExitCodes.NoInput, Cli("model", "rollback").ExitCode);
        ProcessRunner.Result list = Cli("model", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("no models installed", list.StdOut);
    }

    [Fact]
    public void Store_option_overrides_the_environment()
    {
        string other = _dir.Combine("other-store");
        string upload = Model(1, out string a);

        ProcessRunner.Result r = Cli("model", "install", upload, "--store", other, "--keep", "2");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(Directory.Exists(Path.Combine(other, "models", a)));
        Assert.False(Directory.Exists(_dir.Combine("store")));
        Assert.Equal(ExitCodes.Usage, Cli("model", "install", upload, "--keep", "0").ExitCode);
    }

    [Fact]
    public void Install_sends_sighup_to_the_daemon_named_in_the_pid_file()
    {
        // A stand-in daemon: its script is named edgeavatar-*, so /proc/<pid>/cmdline passes the identity check.
        string marker = _dir.Combine("hup-received");
        string script = _dir.Combine("edgeavatar-fake-daemon.sh");
        File.WriteAllText(script, "trap 'echo hup > \"$1\"; exit 0' HUP\necho ready\nwhile :; do sleep 0.05; done\n");
        // A shell cannot trap a signal it inherited as ignored (POSIX), and a test runner under nohup passes SIGHUP
        // on ignored: reset it to the default first, so the test does not depend on how the runner was started.
        using Process daemon = ProcessRunner.Start("env", ["--default-signal=HUP", "sh", script, marker]);
        try
        {
            Assert.Equal("ready", daemon.StandardOutput.ReadLine()); // the trap is installed
            string pidFile = _dir.Combine("edgeavatar.pid");
            File.WriteAllText(pidFile, $"{daemon.Id}\n");
            _env["EDGEAVATAR_PIDFILE"] = pidFile;

            ProcessRunner.Result r = Cli("model", "install", Model(1, out _));

            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Contains($"asked the daemon (pid {daemon.Id}) to reload", r.StdErr);
            Assert.True(daemon.WaitForExit(TimeSpan.FromMinutes(2)), "the fake daemon never got SIGHUP");
            Assert.Equal("hup", File.ReadAllText(marker).Trim());
        }
        finally
        {
            if (!daemon.HasExited)
                daemon.Kill();
        }
    }

    [Fact]
    public void A_stale_pid_file_naming_another_program_is_not_signalled()
    {
        using Process bystander = ProcessRunner.Start("sleep", ["300"]);
        try
        {
            string pidFile = _dir.Combine("edgeavatar.pid");
            File.WriteAllText(pidFile, $"{bystander.Id}\n");
            _env["EDGEAVATAR_PIDFILE"] = pidFile;

            ProcessRunner.Result r = Cli("model", "install", Model(1, out _));

            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.True(r.StdErr.Contains("is not edgeavatar", StringComparison.Ordinal) && r.StdErr.Contains("not signalled", StringComparison.Ordinal), r.ToString());
            Assert.False(bystander.HasExited); // SIGHUP would have killed sleep
        }
        finally
        {
            bystander.Kill();
        }
    }

    [Fact]
    public void Installed_models_are_readable_by_the_daemon_user_even_under_umask_077()
    {
        string upload = Model(1, out string a);
        string store = _dir.Combine("store");

        ProcessRunner.Result r = ProcessRunner.Run("sh",
            ["-c", "umask 077 && exec dotnet \"$0\" model install \"$1\" --store \"$2\"", ProcessRunner.EdgeAvatarDll, upload, store]);

        Assert.True(r.ExitCode == 0, r.ToString());
        UnixFileMode other = UnixFileMode.OtherRead;
        Assert.True(File.GetUnixFileMode(Path.Combine(store, "models", a, "model.eavm")).HasFlag(other));
        Assert.True(File.GetUnixFileMode(Path.Combine(store, "models", a)).HasFlag(other | UnixFileMode.OtherExecute));
        Assert.True(File.GetUnixFileMode(Path.Combine(store, "models")).HasFlag(other | UnixFileMode.OtherExecute));
    }

    [Fact]
    public void A_second_install_while_one_is_running_fails_with_exit_75_and_changes_nothing()
    {
        string first = Model(1, out string a);
        Assert.Equal(0, Cli("model", "install", first).ExitCode);
        var paused = new Dictionary<string, string?>(_env) { [CrashPoints.EnvironmentVariable] = ((int)InstallStep.StagedAndVerified).ToString(CultureInfo.InvariantCulture) };
        using Process holder = ProcessRunner.StartEdgeAvatar(paused, "model", "install", Model(2, out _));
        try
        {
            string announcement = CrashPoints.Announcement(InstallStep.StagedAndVerified);
            string? line;
            while ((line = holder.StandardError.ReadLine()) is not null && line != announcement)
            {
            }
            Assert.Equal(announcement, line); // the first install now holds the store lock

            ProcessRunner.Result second = Cli("model", "install", Model(3, out _));

            Assert.True(second.ExitCode == ExitCodes.TempFail, second.ToString());
            Assert.Contains("another model install or rollback is running", second.StdErr);
            Assert.Equal(a, CurrentSha());
        }
        finally
        {
            holder.Kill();
            holder.WaitForExit();
        }
    }
}
