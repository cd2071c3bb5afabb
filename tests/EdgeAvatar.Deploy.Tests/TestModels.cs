using EdgeAvatar.Tests.Avatars;

namespace EdgeAvatar.Deploy.Tests;

/// <summary>
/// Drawable avatar models (the shipped sample, ~3.6 MB: more than two of the store's 1 MiB copy chunks, so the
/// "staging partly written" crash point really fires mid-copy) that differ by <c>seed</c>, and corrupt copies.
/// </summary>
public static class TestModels
{
    public const string Kind = "edgeavatar-avatar-v1";

    /// <summary>Writes a valid model to <paramref name="path"/> and returns its SHA-256 (the store's content address).</summary>
    public static string Write(string path, int seed) => AvatarFiles.WriteVariant(path, $"deploy-test-{seed}");

    /// <summary>A model whose body no longer matches its header checksum (one flipped byte near the end).</summary>
    public static void WriteCorrupt(string path, int seed)
    {
        Write(path, seed);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^10] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>A model cut short, as an interrupted scp leaves it.</summary>
    public static void WriteTruncated(string path, int seed)
    {
        Write(path, seed);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 2).ToArray());
    }
}
