using EdgeAvatar.Render.AudioNetworks;
using EdgeAvatar.Render.Head;

namespace EdgeAvatar.Render.Avatar;

/// <summary>
/// Where every block of an avatar lives in its one flat parameter array: the head's blocks (<see cref="HeadParameters"/>),
/// the audio network and its attention, the torso and per-frame latents. <see cref="LatentRows"/> is the number of
/// training frames (each has a head and a torso latent row); a baked model keeps only the mean rows.
/// </summary>
public sealed class AvatarParameters
{
    public const string AudioNetName = "audio.net";
    public const string AudioAttentionName = "audio.attention";
    public const string MouthProbeName = "audio.mouth_probe";
    public const string TorsoName = "torso.net";
    public const string TorsoLatentsName = "torso.latents";
    public const string TorsoAnchorsName = "torso.anchors";

    public AvatarParameters(AvatarModelConfig config, int latentRows)
    {
        Config = config.EnsureValid();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(latentRows);
        LatentRows = latentRows;
        Layout = new ParameterLayout();
        Head = new HeadParameters(config.Head, Layout, latentRows);
        AudioNet = Layout.Add(AudioNetName, config.Audio.ParameterCount, ParameterBlockKind.Network);
        AudioAttention = Layout.Add(AudioAttentionName, config.Audio.AttentionParameterCount, ParameterBlockKind.Network);
        if (config.Audio.MouthTargets > 0)
            MouthProbe = Layout.Add(MouthProbeName, config.Audio.MouthProbe.BiasOffset + config.Audio.MouthTargets,
                ParameterBlockKind.Network);
        Torso = Layout.Add(TorsoName, config.Torso.ParameterCount, ParameterBlockKind.Network);
        TorsoLatents = Layout.Add(TorsoLatentsName, (long)latentRows * config.Torso.LatentWidth, ParameterBlockKind.Latent);
        if (config.Torso.HasAnchors)
            TorsoAnchors = Layout.Add(TorsoAnchorsName, 3 * Render.Torso.TorsoConfig.AnchorCount, ParameterBlockKind.Points);
    }

    public AvatarModelConfig Config { get; }
    public int LatentRows { get; }
    public ParameterLayout Layout { get; }
    public HeadParameters Head { get; }
    public ParameterBlock AudioNet { get; }
    public ParameterBlock AudioAttention { get; }
    /// <summary>The training-only mouth probe (<see cref="AudioNetConfig.MouthTargets"/>); null when it has none.</summary>
    public ParameterBlock? MouthProbe { get; }
    /// <summary>The torso's grid and MLPs, laid out as <see cref="Render.Torso.TorsoModel"/> expects.</summary>
    public ParameterBlock Torso { get; }
    public ParameterBlock TorsoLatents { get; }
    /// <summary>The torso's anchors (AnchorCount × 3, head frame); present exactly when the torso's pose input is
    /// <see cref="Render.Torso.TorsoConfig.AnchorsPoseInput"/>, null otherwise.</summary>
    public ParameterBlock? TorsoAnchors { get; }

    public int TotalCount => Layout.TotalCount;
}
