namespace EdgeAvatar.Media.Tests;

/// <summary>Paths to the repository's sample media and scratch directories.</summary>
internal static class TestMedia
{
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeAvatar.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    public static string Sample(string relative) => Path.Combine(RepoRoot(), "samples", relative);

    public static string Cnn => Sample("train/cnn_anchor_71s_512.mp4");
    public static string German => Sample("train/german_anchor_20s_512.mp4");
    public static string Jfk => Sample("drive/en_male_jfk_11s.flac");
    public static string Librispeech => Sample("drive/en_male_librispeech_1688.flac");
    public static string ZhWav => Sample("drive/zh_news_8s.wav");
}

/// <summary>A scratch directory deleted after the test.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "edgeavatar-media-" + Guid.NewGuid().ToString("N")[..8]);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
