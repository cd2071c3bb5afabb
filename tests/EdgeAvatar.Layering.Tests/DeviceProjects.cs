using System.Reflection;
using System.Xml.Linq;

namespace EdgeAvatar.Layering.Tests;

/// <summary>
/// The device's projects as the checkout declares them: every .csproj under firmware-host/ and shaders/, with the
/// projects each references and the assembly each builds.
/// </summary>
internal static class DeviceProjects
{
    /// <summary>Folders (relative to the repository root) whose projects ship to the device.</summary>
    public static readonly string[] DeviceFolders = ["firmware-host", "shaders"];

    /// <summary>The folder whose projects must never be referenced from the device.</summary>
    public const string TrainerFolder = "trainer";

    public static string RepositoryRoot { get; } = FindRoot();

    public static IReadOnlyList<string> ProjectFiles { get; } = DeviceFolders
        .SelectMany(f => Directory.EnumerateFiles(Path.Combine(RepositoryRoot, f), "*.csproj", SearchOption.AllDirectories))
        .Where(p => !IsBuildOutput(p))
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Full paths of the projects <paramref name="projectFile"/> references.</summary>
    public static IEnumerable<string> References(string projectFile)
    {
        string dir = Path.GetDirectoryName(projectFile)!;
        return XDocument.Load(projectFile).Descendants("ProjectReference")
            .Select(e => (string?)e.Attribute("Include") ?? "")
            .Select(include => Path.GetFullPath(Path.Combine(dir, include.Replace('\\', '/'))));
    }

    /// <summary>The assembly name a project builds (its AssemblyName, else the file name).</summary>
    public static string AssemblyName(string projectFile)
        => XDocument.Load(projectFile).Descendants("AssemblyName").Select(e => e.Value.Trim()).FirstOrDefault()
           ?? Path.GetFileNameWithoutExtension(projectFile);

    /// <summary>The built assembly of a device project, loaded from this test's output folder.</summary>
    public static Assembly Load(string projectFile)
    {
        string path = Path.Combine(AppContext.BaseDirectory, AssemblyName(projectFile) + ".dll");
        Assert.True(File.Exists(path),
            $"{path} is missing: reference {Relative(projectFile)} from the layering tests' project so its assembly is checked.");
        return Assembly.LoadFrom(path);
    }

    public static string Relative(string path) => Path.GetRelativePath(RepositoryRoot, path).Replace('\\', '/');

    public static bool IsUnder(string path, string folder)
        => Relative(path).StartsWith(folder + "/", StringComparison.Ordinal);

    private static bool IsBuildOutput(string path)
    {
        string rel = "/" + Relative(path);
        return rel.Contains("/bin/", StringComparison.Ordinal) || rel.Contains("/obj/", StringComparison.Ordinal);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EdgeAvatar.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"No EdgeAvatar.sln above {AppContext.BaseDirectory}.");
    }
}
