namespace EdgeAvatar.Deploy.Tests;

/// <summary>
/// systemd/edgeavatar.service checked by <c>systemd-analyze verify</c> (systemd 252 here, runs without systemd as
/// PID 1). verify also checks that ExecStart/ExecReload binaries exist, so it runs against a throw-away root
/// (<c>--root</c>) holding the host's stock units (for sysinit.target etc.), stub /usr/bin/edgeavatar and /bin/kill,
/// and the unit under test — exactly the layout the .deb installs.
/// </summary>
public sealed class SystemdUnitTests : IDisposable
{
    private readonly TempDirectory _root = new("edgeavatar-unit-");

    public void Dispose() => _root.Dispose();

    private static string UnitText => File.ReadAllText(RepoPaths.Combine("systemd", "edgeavatar.service"));

    private ProcessRunner.Result Verify(string unitText, string? dropIn = null)
    {
        Skip.If(!File.Exists("/usr/bin/systemd-analyze") || !Directory.Exists("/usr/lib/systemd/system"),
            "systemd-analyze or the stock units are missing (install Debian's systemd package)");
        string usr = _root.Combine("usr");
        string units = Path.Combine(usr, "lib", "systemd", "system");
        Directory.CreateDirectory(Path.Combine(usr, "bin"));
        Directory.CreateDirectory(units);
        Directory.CreateDirectory(_root.Combine("etc", "systemd", "system"));
        File.CreateSymbolicLink(_root.Combine("lib"), "usr/lib");
        File.CreateSymbolicLink(_root.Combine("bin"), "usr/bin");
        foreach (string unit in Directory.EnumerateFiles("/usr/lib/systemd/system"))
            File.Copy(unit, Path.Combine(units, Path.GetFileName(unit)));
        foreach (string stub in new[] { "edgeavatar", "kill" })
        {
            string path = Path.Combine(usr, "bin", stub);
            File.WriteAllText(path, "#!/bin/sh\nexit 0\n");
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
        File.WriteAllText(Path.Combine(units, "edgeavatar.service"), unitText);
        if (dropIn is not null)
        {
            Directory.CreateDirectory(Path.Combine(units, "edgeavatar.service.d"));
            File.WriteAllText(Path.Combine(units, "edgeavatar.service.d", "jetson.conf"), dropIn);
        }
        return ProcessRunner.Run("systemd-analyze",
            ["verify", $"--root={_root.Path}", "--man=no", "--generators=no", "edgeavatar.service"]);
    }

    [SkippableFact]
    public void Unit_passes_systemd_analyze_verify_without_any_warning()
    {
        ProcessRunner.Result r = Verify(UnitText);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(r.StdErr.Trim().Length == 0, r.ToString()); // verify reports unknown keys/bad values only as warnings
    }

    [SkippableFact]
    public void Unit_with_the_jetson_drop_in_passes_verify_without_any_warning()
    {
        ProcessRunner.Result r = Verify(UnitText, File.ReadAllText(RepoPaths.Combine("systemd", "edgeavatar.service.d", "jetson.conf")));

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(r.StdErr.Trim().Length == 0, r.ToString());
    }

    [SkippableFact]
    public void Verify_does_report_a_broken_unit_so_the_checks_above_mean_something()
    {
        ProcessRunner.Result r = Verify(UnitText.Replace("Type=notify", "Type=notifyy") + "\nBogusSetting=1\n");

        Assert.Contains("notifyy", r.StdErr);
    }

    [Fact]
    public void Unit_has_the_required_service_contract_and_hardening()
    {
        string[] lines = UnitText.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#').ToArray();
        string[] required =
        [
            "Type=notify", "ExecStart=/usr/bin/edgeavatar run --config /etc/edgeavatar/edgeavatar.conf",
            "ExecReload=/bin/kill -HUP $MAINPID", "Restart=on-failure", "RestartPreventExitStatus=64 78",
            "User=edgeavatar", "SupplementaryGroups=video render audio gpio", "NoNewPrivileges=yes",
            "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "StateDirectory=edgeavatar",
            "ConfigurationDirectory=edgeavatar", "RuntimeDirectory=edgeavatar", "ProtectKernelTunables=yes",
            "ProtectKernelModules=yes", "ProtectKernelLogs=yes", "ProtectControlGroups=yes",
            "RestrictAddressFamilies=AF_UNIX AF_NETLINK", "CapabilityBoundingSet=", "DevicePolicy=closed",
            "DeviceAllow=char-drm rw", "DeviceAllow=char-alsa rw", "DeviceAllow=char-gpiochip rw",
        ];
        foreach (string line in required)
            Assert.Contains(line, lines);
        Assert.Contains(lines, l => l.StartsWith("WatchdogSec=", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("LimitNOFILE=", StringComparison.Ordinal));
        // The .NET JIT needs writable+executable mappings; PrivateDevices would hide the GPU.
        Assert.DoesNotContain(lines, l => l.StartsWith("MemoryDenyWriteExecute", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("PrivateDevices", StringComparison.Ordinal));
    }
}
