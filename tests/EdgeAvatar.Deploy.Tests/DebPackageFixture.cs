namespace EdgeAvatar.Deploy.Tests;

/// <summary>
/// Builds a package once per test run with the real <c>packaging/build-deb</c> (one self-contained publish, the slow
/// part) into a temporary directory, and unpacks its control and data parts for inspection. One subclass per
/// architecture, so xunit builds each at most once; their test classes share the "packages" collection so the two
/// publishes never run at once on a 2-core machine. EDGEAVATAR_TEST_DEB_DIR names a folder of packages built
/// beforehand by the same script (edgeavatar_*_ARCH.deb) to test instead, for a quick rerun of these tests alone.
/// </summary>
public abstract class DebPackageFixture : IDisposable
{
    private readonly TempDirectory _dir = new("edgeavatar-deb-");

    protected DebPackageFixture(string arch)
    {
        Arch = arch;
        string? prebuilt = Environment.GetEnvironmentVariable("EDGEAVATAR_TEST_DEB_DIR");
        if (!string.IsNullOrEmpty(prebuilt))
        {
            DebPath = Directory.GetFiles(prebuilt, $"edgeavatar_*_{arch}.deb").Single();
        }
        else
        {
            string outDir = _dir.Combine("out");
            ProcessRunner.Result build = ProcessRunner.Run("bash", [RepoPaths.Combine("packaging", "build-deb"), "--arch", arch, "--out", outDir]);
            if (build.ExitCode != 0)
                throw new InvalidOperationException($"packaging/build-deb --arch {arch} failed:\n{build}");
            DebPath = build.StdOut.Trim().Split('\n')[^1];
        }
        ControlDir = _dir.Combine("control");
        DataDir = _dir.Combine("data");
        Check(ProcessRunner.Run("dpkg-deb", ["-e", DebPath, ControlDir]));
        Check(ProcessRunner.Run("dpkg-deb", ["-x", DebPath, DataDir]));
    }

    public string Arch { get; }
    public string DebPath { get; }
    public string ControlDir { get; }
    public string DataDir { get; }

    /// <summary>The packaged program (a single-file bundle: the runtime and every assembly in one ELF file).</summary>
    public string Program => Path.Combine(DataDir, "usr", "lib", "edgeavatar", "edgeavatar");

    /// <summary>Runs dpkg-deb with <paramref name="args"/> followed by the package path; fails on a non-zero exit.</summary>
    public string DpkgDeb(params string[] args) => Check(ProcessRunner.Run("dpkg-deb", [.. args, DebPath])).StdOut;

    /// <summary>The Depends field split into its comma-separated entries ("a | b" stays one entry).</summary>
    public string[] Depends()
    {
        string depends = DpkgDeb("--field").Split('\n').Single(f => f.StartsWith("Depends: ", StringComparison.Ordinal));
        return depends["Depends: ".Length..].Split(", ");
    }

    public static ProcessRunner.Result Check(ProcessRunner.Result r)
        => r.ExitCode == 0 ? r : throw new InvalidOperationException(r.ToString());

    public void Dispose()
    {
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
