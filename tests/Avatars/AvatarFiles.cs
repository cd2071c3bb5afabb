using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeAvatar.Model;

namespace EdgeAvatar.Tests.Avatars;

/// <summary>
/// Checksum-valid avatar files for tests, made from the shipped sample (samples/models/cnn_anchor_quick.eavm): a
/// copy with another training tag (a distinct sha256, same drawable content), or one with a manifest or tensor value
/// changed. The container is rewritten whole, so every file here passes the header and checksum checks: whatever is
/// refused is refused by the avatar checks.
/// </summary>
public static class AvatarFiles
{
    public static string SamplePath { get; } = FindSample();

    /// <summary>A drawable avatar whose content (and so sha256) depends on <paramref name="tag"/>.</summary>
    public static string WriteVariant(string path, string tag) => Rewrite(path, training: tag);

    /// <summary>
    /// The sample rewritten to <paramref name="path"/>: <paramref name="config"/> edits the manifest config (a JSON
    /// tree), <paramref name="kind"/> replaces the manifest kind, <paramref name="tensor"/> edits float tensors in
    /// place (name, values; fp16 tensors are edited as fp32 and stored back as fp16), <paramref name="bytes"/> may
    /// replace a u8 tensor (name, values → new values, stored flat). Returns the new sha256.
    /// </summary>
    public static string Rewrite(string path, Action<JsonObject>? config = null, string? kind = null,
        Action<string, float[]>? tensor = null, string? training = null, Func<string, byte[], byte[]>? bytes = null)
    {
        Build(config, kind, tensor, training, bytes).Write(path);
        using EavmModel written = EavmReader.Open(path);
        return written.Header.Sha256;
    }

    /// <summary>The same as <see cref="Rewrite"/>, in memory: a complete, checksum-valid .eavm image.</summary>
    public static byte[] RewriteBytes(Action<JsonObject>? config = null, string? kind = null,
        Action<string, float[]>? tensor = null, Func<string, byte[], byte[]>? bytes = null)
        => Build(config, kind, tensor, null, bytes).ToArray();

    /// <summary>The sample's manifest config as a fresh JSON tree.</summary>
    public static JsonObject SampleConfig() => JsonNode.Parse(Sample.Value.ConfigJson)!.AsObject();

    private sealed record Stored(string Name, EavmDType DType, long[] Shape, float[]? Floats, byte[]? Bytes, int[]? Ints);

    private sealed record SampleContent(string Kind, string ConfigJson, EavmTrainingInfo Training, List<Stored> Tensors);

    private static readonly Lazy<SampleContent> Sample = new(() =>
    {
        using EavmModel source = EavmReader.Open(SamplePath);
        var tensors = source.Tensors.Select(t => t.DType switch
        {
            EavmDType.Float32 or EavmDType.Float16 => new Stored(t.Name, t.DType, [.. t.Shape], source.GetTensorAsSingle(t.Name), null, null),
            EavmDType.UInt8 => new Stored(t.Name, t.DType, [.. t.Shape], null, source.GetTensorArray<byte>(t.Name), null),
            EavmDType.Int32 => new Stored(t.Name, t.DType, [.. t.Shape], null, null, source.GetTensorArray<int>(t.Name)),
            _ => throw new NotSupportedException($"tensor {t.Name}: dtype {t.DType}"),
        }).ToList();
        return new SampleContent(source.Manifest.Kind, source.Manifest.Config.GetRawText(), source.Manifest.Training, tensors);
    });

    private static EavmWriter Build(Action<JsonObject>? config, string? kind, Action<string, float[]>? tensor, string? training,
        Func<string, byte[], byte[]>? bytes)
    {
        SampleContent sample = Sample.Value;
        var tree = SampleConfig();
        config?.Invoke(tree);
        var writer = new EavmWriter(new EavmManifest
        {
            Kind = kind ?? sample.Kind,
            Config = JsonSerializer.SerializeToElement(tree),
            Training = training is null ? sample.Training : sample.Training with { Dataset = training },
        });
        foreach (Stored t in sample.Tensors)
        {
            if (t.Floats is not null)
            {
                float[] values = (float[])t.Floats.Clone();
                tensor?.Invoke(t.Name, values);
                if (t.DType == EavmDType.Float32)
                    writer.AddTensor<float>(t.Name, values, t.Shape);
                else
                    writer.AddTensor<Half>(t.Name, values.Select(v => (Half)v).ToArray(), t.Shape);
            }
            else if (t.Bytes is not null)
            {
                byte[] replaced = bytes?.Invoke(t.Name, t.Bytes) ?? t.Bytes;
                if (ReferenceEquals(replaced, t.Bytes))
                    writer.AddTensor<byte>(t.Name, replaced, t.Shape);
                else
                    writer.AddTensor<byte>(t.Name, replaced, replaced.Length);
            }
            else
                writer.AddTensor<int>(t.Name, t.Ints!, t.Shape);
        }
        return writer;
    }

    private static string FindSample()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "models", "cnn_anchor_quick.eavm");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"samples/models/cnn_anchor_quick.eavm not found above {AppContext.BaseDirectory}");
    }
}
