using EdgeAvatar.Kernels;
using EdgeAvatar.Render.AudioNetworks;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Render.Torso;

namespace EdgeAvatar.Render.Avatar;

/// <summary>
/// The whole avatar as data: head field, audio network (+ attention smoothing) and torso. Stored verbatim in a run
/// directory's config.json and in a baked .eavm's manifest, so a model file says exactly how to rebuild its networks.
/// </summary>
public sealed record AvatarModelConfig
{
    public const string TypeName = "EdgeAvatarV1";

    public string Type { get; init; } = TypeName;

    public HeadModelConfig Head { get; init; } = HeadModelConfig.RadNerf;

    /// <summary>The audio network; its output width is the head's audio code width (32 for the RAD-NeRF head, see <see cref="RadNerf"/>).</summary>
    public AudioNetConfig Audio { get; init; } = AudioNetConfig.RadNerf with { OutputWidth = 32 };

    public TorsoConfig Torso { get; init; } = TorsoConfig.RadNerf;

    /// <summary>
    /// RAD-NeRF's sizes, except (1) the torso grid's table: 2^16 entries per level instead of 2^18, which keeps the
    /// baked fp16 model near the 12 MB target (the 2^18 table alone would be 16 MB) for a region that carries little
    /// detail; (2) a 32-wide audio code instead of 64: the gated direct audio path puts the code into the sigma MLP's
    /// input too, and 32 spatial + 32 ambient + 64 audio + eye = 129 is over the fused MLP kernel's 128-wide limit
    /// (32 gives 97).
    /// </summary>
    public static AvatarModelConfig RadNerf { get; } = new()
    {
        Torso = TorsoConfig.RadNerf with { Grid = TorsoConfig.RadNerfGrid with { Log2TableSize = 16 } },
    };

    public static AvatarModelConfig Quick { get; } = new()
    {
        Head = HeadModelConfig.Quick,
        Audio = AudioNetConfig.RadNerf with { OutputWidth = HeadModelConfig.Quick.AudioWidth },
        Torso = TorsoConfig.Quick,
    };

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Type != TypeName) problems.Add($"Type is '{Type}', expected '{TypeName}'.");
        problems.AddRange(Head.Validate().Select(p => "Head: " + p));
        problems.AddRange(Audio.Validate().Select(p => "Audio: " + p));
        problems.AddRange(Torso.Validate().Select(p => "Torso: " + p));
        if (Audio.OutputWidth != Head.AudioWidth)
            problems.Add($"Audio.OutputWidth ({Audio.OutputWidth}) must equal Head.AudioWidth ({Head.AudioWidth}).");
        return problems;
    }

    public AvatarModelConfig EnsureValid()
    {
        var problems = Validate();
        return problems.Count == 0 ? this : throw new KernelConfigException("avatar model config", problems);
    }
}
