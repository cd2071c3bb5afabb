using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeAvatar.Model;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Train.Bake;

namespace EdgeAvatar.Render.Tests.ErNerf;

/// <summary>
/// A baked .eavm edited the ways the baker's own writer never would, for the loader's refusal tests: the manifest's
/// config passed through an edit, tensors left out, and extra tensors added.
/// </summary>
internal static class EditedModelFile
{
    /// <summary>Bakes <paramref name="model"/> (fp32) into <paramref name="dir"/>, then writes it again edited.</summary>
    /// <param name="keep">False for each tensor to leave out.</param>
    /// <param name="editConfig">Applied to the manifest's config, or null.</param>
    /// <param name="extra">Tensors to add (name, values as a 1-D fp32 tensor), or null.</param>
    /// <returns>The edited file's path.</returns>
    public static string Write(AvatarModel model, string dir, string name, Func<string, bool> keep,
        Action<JsonObject>? editConfig = null, IReadOnlyList<(string Name, float[] Values)>? extra = null)
    {
        var baked = AvatarBaker.CreateWriter(model, [0], ErNerfAvatarRoundTripTests.Info, half: false);
        string full = Path.Combine(dir, name + ".full.eavm");
        baked.Write(full);
        using var source = EavmReader.Open(full);
        var config = JsonNode.Parse(source.Manifest.Config.GetRawText())!.AsObject();
        editConfig?.Invoke(config);
        var writer = new EavmWriter(new EavmManifest
        {
            Kind = source.Manifest.Kind,
            Config = JsonSerializer.SerializeToElement(config),
            Training = source.Manifest.Training,
        });
        foreach (var tensor in source.Tensors)
        {
            if (!keep(tensor.Name)) continue;
            if (tensor.Name is AvatarModelFile.OccupancyTensor or AvatarModelFile.PlateTensor)
                writer.AddTensor(tensor.Name, source.GetTensorArray<byte>(tensor.Name).AsSpan(), [.. tensor.Shape]);
            else
                writer.AddTensor(tensor.Name, source.GetTensorAsSingle(tensor.Name).AsSpan(), [.. tensor.Shape]);
        }
        foreach (var (extraName, values) in extra ?? [])
            writer.AddTensor(extraName, values.AsSpan(), values.Length);
        string path = Path.Combine(dir, name + ".eavm");
        writer.Write(path);
        return path;
    }
}
