namespace EdgeAvatar.Deploy.Tests;

/// <summary>A fresh directory under /tmp, deleted (with everything in it) on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "edgeavatar-deploy-")
        => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a killed child may still hold a file for a moment; /tmp is cleaned eventually.
        }
    }
}
