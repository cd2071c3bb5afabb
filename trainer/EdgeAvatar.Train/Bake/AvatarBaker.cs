using System.Text.Json;
using EdgeAvatar.Common;
using EdgeAvatar.Model;
using EdgeAvatar.Render.Avatar;

namespace EdgeAvatar.Train.Bake;

/// <summary>
/// Writes an avatar as one .eavm (<see cref="AvatarModelFile"/> reads it): every parameter block as one tensor —
/// fp16 when <c>half</c> (grids and networks; measured loss: docs/results/2026-11-26-first-figures.md; points such as
/// the torso anchors stay fp32), the per-frame latents reduced to their
/// mean over the training frames (what a never-seen frame renders with) — plus the occupancy bitfield, background
/// plate and idle tracks. Written atomically.
/// </summary>
public static class AvatarBaker
{
    public static void Write(AvatarModel model, IReadOnlyList<int> latentRows, EavmTrainingInfo training, bool half, string path)
    {
        var writer = CreateWriter(model, latentRows, training, half);
        try { writer.Write(path); }
        catch (IOException e) { throw new EdgeAvatarException(ExitCodes.IoError, $"cannot write {path}: {e.Message}"); }
    }

    public static EavmWriter CreateWriter(AvatarModel model, IReadOnlyList<int> latentRows, EavmTrainingInfo training, bool half)
    {
        var info = new BakedAvatarInfo(model.Config, model.Camera, model.MeanCentre, model.TorsoRegion,
            model.Normalization, model.TrackLength, half, model.Mouth);
        var writer = new EavmWriter(new EavmManifest
        {
            Kind = AvatarModelFile.Kind,
            Config = JsonSerializer.SerializeToElement(info, AvatarJson.Options),
            Training = training,
        });
        var blocks = model.Blocks;
        foreach (var block in blocks.Layout.Blocks)
        {
            ReadOnlySpan<float> values = model.Parameters.AsSpan(block.Offset, block.Count);
            if (block.Kind == ParameterBlockKind.Latent)
            {
                int width = block.Count / blocks.LatentRows;
                writer.AddTensor(block.Name, MeanRow(values, width, latentRows).AsSpan(), 1, width);
            }
            else if (half && block.Kind != ParameterBlockKind.Points)
            {
                var h = new Half[values.Length];
                for (int i = 0; i < h.Length; i++) h[i] = (Half)values[i];
                writer.AddTensor(block.Name, h.AsSpan(), h.Length);
            }
            else
                writer.AddTensor(block.Name, values, values.Length);
        }
        writer.AddTensor(AvatarModelFile.OccupancyTensor, model.Occupancy.Bitfield.AsSpan(), model.Occupancy.Bitfield.Length);
        writer.AddTensor(AvatarModelFile.PlateTensor, model.Plate.AsSpan(), model.Camera.Height, model.Camera.Width, 3);
        writer.AddTensor(AvatarModelFile.PoseTrackTensor, model.PoseTrack.AsSpan(), model.TrackLength, 16);
        writer.AddTensor(AvatarModelFile.EyeTrackTensor, model.EyeTrack.AsSpan(), model.TrackLength);
        if (model.Config.Torso.TrackWidth > 0)
            writer.AddTensor(AvatarModelFile.TorsoTrackTensor, model.TorsoTrack.AsSpan(), model.TrackLength, model.Config.Torso.TrackWidth);
        return writer;
    }

    /// <summary>Mean of the given rows of a latent block (its only row when it has one): what a bake stores.</summary>
    internal static float[] MeanRow(ReadOnlySpan<float> values, int width, IReadOnlyList<int> rows)
    {
        int count = values.Length / Math.Max(1, width);
        var mean = new float[width];
        if (count == 1) { values[..width].CopyTo(mean); return mean; }
        foreach (int r in rows)
            for (int k = 0; k < width; k++) mean[k] += values[r * width + k];
        for (int k = 0; k < width; k++) mean[k] /= rows.Count;
        return mean;
    }
}
