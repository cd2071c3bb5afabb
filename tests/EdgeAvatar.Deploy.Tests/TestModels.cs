using System.Text.Json;
using EdgeAvatar.Model;

namespace EdgeAvatar.Deploy.Tests;

/// <summary>Valid .eavm models that differ by <c>seed</c>, and corrupt copies of them.</summary>
public static class TestModels
{
    /// <summary>
    /// Floats per model: ~2.5 MB, i.e. more than two of the store's 1 MiB copy chunks, so the "staging partly written"
    /// crash point really fires mid-copy.
    /// </summary>
    private const int Floats = 640 * 1024;

    /// <summary>Writes a valid model to <paramref name="path"/> and returns its SHA-256 (the store's content address).</summary>
    public static string Write(string path, int seed)
    {
        var writer = new EavmWriter(new EavmManifest
        {
            Kind = "radnerf-head-torso",
            Config = JsonSerializer.SerializeToElement(new { seed }),
            Training = new EavmTrainingInfo
            {
                Dataset = $"deploy-test-{seed}",
                Steps = 1000 + seed,
                Date = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
                TrainerVersion = "0.1.0",
            },
        });
        var rng = new Random(seed);
        float[] weights = new float[Floats];
        for (int i = 0; i < weights.Length; i++)
            weights[i] = rng.NextSingle();
        writer.AddTensor<float>("density.weights", weights, Floats / 64, 64);
        writer.Write(path);
        using EavmModel model = EavmReader.Open(path);
        return model.Header.Sha256;
    }

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
