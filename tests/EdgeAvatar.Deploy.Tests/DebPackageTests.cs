using System.Text.RegularExpressions;
using EdgeAvatar.Common;

namespace EdgeAvatar.Deploy.Tests;

/// <summary>The amd64 .deb from packaging/build-deb: metadata, layout, shaders, that it runs, and a dpkg install/remove/purge.</summary>
[Collection(PackagesCollection.Name)]
public sealed partial class DebPackageTests : IClassFixture<Amd64DebPackage>
{
    private readonly DebPackageFixture _deb;

    public DebPackageTests(Amd64DebPackage deb) => _deb = deb;

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();

    [Fact]
    public void Control_carries_the_repository_version_and_the_runtime_dependencies()
    {
        string version = VersionElement().Match(File.ReadAllText(RepoPaths.Combine("Directory.Build.props"))).Groups[1].Value;

        string[] fields = _deb.DpkgDeb("--field").Split('\n');

        Assert.Contains("Package: edgeavatar", fields);
        Assert.Contains($"Version: {version}", fields);
        Assert.Contains("Architecture: amd64", fields);
        string[] alternatives = _deb.Depends();
        foreach (string dependency in new[] { "adduser", "libvulkan1", "mesa-vulkan-drivers | vulkan-icd", "libdrm2", "libgpiod2 | libgpiod3", "ffmpeg", "libespeak-ng1", "espeak-ng-data" })
            Assert.Contains(dependency, alternatives);
        Assert.Contains(alternatives, a => a.Split(" | ").Contains("libasound2"));
        Assert.DoesNotContain(alternatives, a => a.Contains("dotnet", StringComparison.Ordinal)); // self-contained
        Assert.EndsWith($"edgeavatar_{version}_amd64.deb", _deb.DebPath);
    }

    [Fact]
    public void Config_is_a_conffile_and_the_maintainer_scripts_are_executable()
    {
        Assert.Equal("/etc/edgeavatar/edgeavatar.conf", File.ReadAllText(Path.Combine(_deb.ControlDir, "conffiles")).Trim());
        foreach (string script in new[] { "postinst", "prerm", "postrm" })
        {
            UnixFileMode mode = File.GetUnixFileMode(Path.Combine(_deb.ControlDir, script));
            Assert.True(mode.HasFlag(UnixFileMode.UserExecute) && mode.HasFlag(UnixFileMode.OtherExecute), $"{script}: {mode}");
        }
        Assert.Contains("postinst", _deb.DpkgDeb("--info"));
    }

    [Fact]
    public void Contents_have_the_kiosk_layout_owned_by_root_and_nothing_from_samples()
    {
        string[] lines = _deb.DpkgDeb("--contents").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] paths = lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[5]).ToArray();

        foreach (string path in new[]
        {
            "./usr/lib/edgeavatar/edgeavatar", "./usr/bin/edgeavatar", "./etc/edgeavatar/edgeavatar.conf",
            "./lib/systemd/system/edgeavatar.service", "./var/lib/edgeavatar/", "./usr/share/doc/edgeavatar/INSTALL-KIOSK.md",
        })
            Assert.Contains(path, paths);
        Assert.Contains(lines, l => l.EndsWith("./usr/bin/edgeavatar -> ../lib/edgeavatar/edgeavatar", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Contains(" root/root ", l));
        Assert.DoesNotContain(paths, p => p.Contains("samples", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(paths, p => p.EndsWith(".pdb", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllText(RepoPaths.Combine("systemd", "edgeavatar.service")),
            File.ReadAllText(Path.Combine(_deb.DataDir, "lib", "systemd", "system", "edgeavatar.service")));
        string conf = File.ReadAllText(Path.Combine(_deb.DataDir, "etc", "edgeavatar", "edgeavatar.conf"));
        Assert.Contains("model = /var/lib/edgeavatar/current/model.eavm", conf);
    }

    [Fact]
    public void Packaged_self_contained_program_runs_and_manages_a_model_store()
    {
        using var dir = new TempDirectory();
        string program = _deb.Program;
        string upload = dir.Combine("model.eavm");
        string sha = TestModels.Write(upload, 7);
        // No DOTNET_ROOT and no dotnet on PATH: the single-file binary must carry its own runtime.
        var env = new Dictionary<string, string?> { ["PATH"] = "/usr/sbin:/sbin", ["DOTNET_ROOT"] = "/nonexistent" };

        ProcessRunner.Result help = ProcessRunner.Run(program, ["--help"], env);
        ProcessRunner.Result install = ProcessRunner.Run(program, ["model", "install", upload, "--store", dir.Combine("store")], env);
        ProcessRunner.Result current = ProcessRunner.Run(program, ["model", "current", "--store", dir.Combine("store")], env);
        ProcessRunner.Result bad = ProcessRunner.Run(program, ["model", "nope"], env);

        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("model", help.StdOut);
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.StartsWith(sha, current.StdOut);
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
    }

    [Fact]
    public void The_binary_embeds_the_forward_shaders()
        => Assert.Contains("render/ray_march.spv", ShaderResources.In(_deb.Program)); // the scan sees embedded names

    [SkippableFact]
    public void The_binary_embeds_no_backward_optimiser_training_or_test_shader()
    {
        ShaderResources.SkipWhileTrainingShadersLiveInTheDeviceShaderProject();

        Assert.Empty(ShaderResources.In(_deb.Program).Where(ShaderResources.IsTrainingOnly).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Dpkg_installs_removes_keeping_the_conffile_and_purges_everything_in_a_throwaway_root()
    {
        using var dir = new TempDirectory("edgeavatar-dpkgroot-");
        string root = dir.Path;
        Directory.CreateDirectory(dir.Combine("var", "lib", "dpkg", "info"));
        Directory.CreateDirectory(dir.Combine("var", "lib", "dpkg", "updates"));
        Directory.CreateDirectory(dir.Combine("var", "log"));
        File.WriteAllText(dir.Combine("var", "lib", "dpkg", "status"), "");
        File.WriteAllText(dir.Combine("var", "lib", "dpkg", "available"), "");
        int hostUserBefore = ProcessRunner.Run("getent", ["passwd", "edgeavatar"]).ExitCode;
        // --force-script-chrootless runs the maintainer scripts with DPKG_ROOT=<root> instead of chroot'ing into a
        // root that has no /bin/sh; the scripts must then only touch $DPKG_ROOT.
        string[] dpkg = [$"--root={root}", "--force-depends", "--force-not-root", "--force-script-chrootless"];
        string conf = dir.Combine("etc", "edgeavatar", "edgeavatar.conf");
        string store = dir.Combine("var", "lib", "edgeavatar");

        DebPackageFixture.Check(ProcessRunner.Run("dpkg", [.. dpkg, "-i", _deb.DebPath]));
        ProcessRunner.Result help = ProcessRunner.Run(dir.Combine("usr", "bin", "edgeavatar"), ["--help"]);
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.True(File.Exists(conf));
        Assert.True(File.Exists(dir.Combine("lib", "systemd", "system", "edgeavatar.service")));
        File.AppendAllText(conf, "# edited on the kiosk\n");
        string model = Path.Combine(store, "models", new string('a', 64), "model.eavm");
        Directory.CreateDirectory(Path.GetDirectoryName(model)!);
        File.WriteAllText(model, "state");

        DebPackageFixture.Check(ProcessRunner.Run("dpkg", [.. dpkg, "-r", "edgeavatar"]));
        Assert.False(File.Exists(dir.Combine("usr", "lib", "edgeavatar", "edgeavatar")));
        Assert.False(Path.Exists(dir.Combine("usr", "bin", "edgeavatar")));
        Assert.False(File.Exists(dir.Combine("lib", "systemd", "system", "edgeavatar.service")));
        Assert.EndsWith("# edited on the kiosk\n", File.ReadAllText(conf)); // remove keeps configuration
        Assert.True(File.Exists(model));                                     // and state

        DebPackageFixture.Check(ProcessRunner.Run("dpkg", [.. dpkg, "-P", "edgeavatar"]));
        Assert.False(Directory.Exists(dir.Combine("etc", "edgeavatar")));
        Assert.False(Directory.Exists(store));
        Assert.Equal(hostUserBefore, ProcessRunner.Run("getent", ["passwd", "edgeavatar"]).ExitCode); // host untouched
    }
}
