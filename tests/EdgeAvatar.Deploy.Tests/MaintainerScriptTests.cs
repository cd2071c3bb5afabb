namespace EdgeAvatar.Deploy.Tests;

/// <summary>
/// The maintainer scripts' calls to adduser/addgroup/systemd tools, which a dpkg --root install cannot exercise
/// (with DPKG_ROOT set they deliberately skip them, and this container has no systemd as PID 1). Each tool is a stub
/// on PATH that records its arguments; getent answers from a fake group database (video, audio exist;
/// render, gpio do not until addgroup creates them).
/// </summary>
public sealed class MaintainerScriptTests : IDisposable
{
    private readonly TempDirectory _dir = new("edgeavatar-scripts-");
    private readonly string _log;

    public MaintainerScriptTests()
    {
        _log = _dir.Combine("calls.log");
        string bin = _dir.Combine("bin");
        Directory.CreateDirectory(bin);
        File.WriteAllText(_dir.Combine("groups"), "video\naudio\n");
        const string record = "echo \"$(basename \"$0\") $*\" >> \"$STUB_LOG\"\n";
        Stub(bin, "adduser", record + "exit 0\n");
        Stub(bin, "addgroup", record + "echo \"$2\" >> \"$STUB_GROUPS\"\nexit 0\n");
        Stub(bin, "getent", "case \"$1\" in group) grep -qx \"$2\" \"$STUB_GROUPS\" ;; *) exit 2 ;; esac\n");
        Stub(bin, "deb-systemd-helper", record + "exit 0\n");
        Stub(bin, "deb-systemd-invoke", record + "exit 0\n");
        Stub(bin, "systemctl", record + "exit 0\n");
        Environment = new Dictionary<string, string?>
        {
            ["PATH"] = $"{bin}:/usr/bin:/bin",
            ["STUB_LOG"] = _log,
            ["STUB_GROUPS"] = _dir.Combine("groups"),
            ["DPKG_ROOT"] = null,
        };
    }

    private Dictionary<string, string?> Environment { get; }

    public void Dispose() => _dir.Dispose();

    private static void Stub(string bin, string name, string body)
    {
        string path = Path.Combine(bin, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }

    private string[] Run(string script, params string[] args)
    {
        ProcessRunner.Result r = ProcessRunner.Run("sh", [RepoPaths.Combine("packaging", "debian", script), .. args], Environment);
        Assert.True(r.ExitCode == 0, r.ToString());
        return File.Exists(_log) ? File.ReadAllLines(_log) : [];
    }

    [Fact]
    public void Postinst_configure_creates_the_system_user_missing_groups_and_enables_the_unit()
    {
        string[] calls = Run("postinst", "configure");

        Assert.Contains(calls, c => c.StartsWith("adduser --system --group --home /var/lib/edgeavatar", StringComparison.Ordinal)
            && c.EndsWith(" edgeavatar", StringComparison.Ordinal));
        Assert.Contains("addgroup --system render", calls);
        Assert.Contains("addgroup --system gpio", calls);
        Assert.DoesNotContain("addgroup --system video", calls);
        foreach (string group in new[] { "video", "render", "audio", "gpio" })
            Assert.Contains($"adduser edgeavatar {group}", calls);
        Assert.Contains("deb-systemd-helper enable edgeavatar.service", calls);
        if (!Directory.Exists("/run/systemd/system"))
            Assert.DoesNotContain(calls, c => c.StartsWith("systemctl", StringComparison.Ordinal)); // guarded: no systemd running
    }

    [Fact]
    public void Postinst_with_dpkg_root_touches_no_users_and_no_systemd_state()
    {
        Environment["DPKG_ROOT"] = _dir.Combine("image");

        string[] calls = Run("postinst", "configure");

        Assert.Empty(calls);
    }

    [Fact]
    public void Postinst_rejects_an_unknown_action()
    {
        ProcessRunner.Result r = ProcessRunner.Run("sh", [RepoPaths.Combine("packaging", "debian", "postinst"), "frobnicate"], Environment);

        Assert.NotEqual(0, r.ExitCode);
    }

    [Fact]
    public void Postrm_remove_masks_the_unit_and_purge_forgets_it_but_keeps_the_user()
    {
        string[] afterRemove = Run("postrm", "remove");
        Assert.Contains("deb-systemd-helper mask edgeavatar.service", afterRemove);

        // Purge deletes under $DPKG_ROOT only; point it at a scratch root so the host's /var/lib is never at risk.
        Environment["DPKG_ROOT"] = _dir.Combine("image");
        Directory.CreateDirectory(_dir.Combine("image", "var", "lib", "edgeavatar", "models"));
        string[] afterPurge = Run("postrm", "purge");

        Assert.False(Directory.Exists(_dir.Combine("image", "var", "lib", "edgeavatar")));
        Assert.DoesNotContain(afterPurge, c => c.StartsWith("deluser", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Prerm_does_not_touch_systemd_when_it_is_not_running()
    {
        Skip.If(Directory.Exists("/run/systemd/system"), "systemd is running on this machine");

        Assert.Empty(Run("prerm", "remove"));
    }
}
