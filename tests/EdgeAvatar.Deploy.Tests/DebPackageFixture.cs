namespace EdgeAvatar.Deploy.Tests;

/// <summary>
/// Builds the amd64 package once per test run with the real <c>packaging/build-deb</c> (one self-contained publish,
/// the slow part) into a temporary directory, and unpacks its control and data parts for inspection.
/// </summary>
public sealed class DebPackageFixture : IDisposable
{
    private readonly TempDirectory _dir = new("edgeavatar-deb-");

    public DebPackageFixture()
    {
        string outDir = _dir.Combine("out");
        BuildOutput = ProcessRunner.Run("bash", [RepoPaths.Combine("packaging", "build-deb"), "--arch", "amd64", "--out", outDir]);
        if (BuildOutput.ExitCode != 0)
            throw new InvalidOperationException($"packaging/build-deb failed:\n{BuildOutput}");
        DebPath = BuildOutput.StdOut.Trim().Split('\n')[^1];
        ControlDir = _dir.Combine("control");
        DataDir = _dir.Combine("data");
        Check(ProcessRunner.Run("dpkg-deb", ["-e", DebPath, ControlDir]));
        Check(ProcessRunner.Run("dpkg-deb", ["-x", DebPath, DataDir]));
    }

    public ProcessRunner.Result BuildOutput { get; }
    public string DebPath { get; }
    public string ControlDir { get; }
    public string DataDir { get; }

    /// <summary>Runs dpkg-deb with <paramref name="args"/> followed by the package path; fails on a non-zero exit.</summary>
    public string DpkgDeb(params string[] args) => Check(ProcessRunner.Run("dpkg-deb", [.. args, DebPath])).StdOut;

    public static ProcessRunner.Result Check(ProcessRunner.Result r)
        => r.ExitCode == 0 ? r : throw new InvalidOperationException(r.ToString());

    public void Dispose() => _dir.Dispose();
}
