namespace EdgeAvatar.Deploy.Tests;

/// <summary>Locates files of the repository from the test's output directory (bin/… under tests/).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeAvatar.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no EdgeAvatar.sln above {AppContext.BaseDirectory}");
    }
}
