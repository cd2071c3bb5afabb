using EdgeAvatar.Common;
using EdgeAvatar.Render.Avatar;

namespace EdgeAvatar.Train.Training;

/// <summary>
/// The avatar a run directory holds right now, at full (fp32) precision: the run's scene file (an initial bake with
/// the plate, tracks and camera) overlaid with the last checkpoint's parameters and occupancy. Eval and bake read
/// runs through this, so "render the run" and "render the bake" differ only by the bake's fp16 rounding.
/// </summary>
public static class RunModel
{
    public const string SceneFileName = "scene.eavm";

    public static AvatarModel Load(string runDir, out RunInfo info, out int steps)
    {
        var run = new RunDirectory(runDir);
        info = run.ReadRun();
        if (!run.HasCheckpoint)
            throw new EdgeAvatarException(ExitCodes.NoInput, $"{runDir} has no checkpoint yet; train first.");
        var model = AvatarModelFile.Load(Path.Combine(runDir, SceneFileName));
        var checkpoint = Checkpoint.Read(run.CheckpointFile);
        var trained = new AvatarParameters(info.Preset.Model, info.LatentRows);
        if (checkpoint.Parameters.Length != trained.TotalCount)
            throw new EdgeAvatarException(ExitCodes.DataError, $"{run.CheckpointFile} does not match the run's configuration.");
        foreach (var block in trained.Layout.Blocks)
        {
            var target = model.Blocks.Layout[block.Name];
            var source = checkpoint.Parameters.AsSpan(block.Offset, block.Count);
            if (block.Kind != ParameterBlockKind.Latent)
            {
                source.CopyTo(model.Parameters.AsSpan(target.Offset, target.Count));
                continue;
            }
            Bake.AvatarBaker.MeanRow(source, target.Count, info.TrainFrames).CopyTo(model.Parameters, target.Offset);
        }
        checkpoint.Density.CopyTo(model.Occupancy.Density, 0);
        if (checkpoint.Density.Any(d => d != 0)) model.Occupancy.RebuildBitfield();
        else model.Occupancy.SetAllOccupied(true);
        steps = checkpoint.Step;
        return model;
    }
}
