using EdgeAvatar.Render.AudioNetworks;

namespace EdgeAvatar.Render.Avatar;

/// <summary>
/// Turns the audio windows around video frame i into the frame's audio code: the audio network encodes the 8
/// neighbouring windows (frames i−4 .. i+3, already gathered and edge-clamped by the caller — which is where the
/// look-ahead limit is enforced), then attention smoothing weights them. Before the trainer enables attention
/// (<c>useAttention</c> false) the code is the centre frame's code alone, as in RAD-NeRF's warm-up.
/// </summary>
public sealed class AudioConditioner
{
    /// <summary>Position of frame i among its 8 neighbours (i − 4 .. i + 3).</summary>
    public const int CentreIndex = 4;

    public AudioConditioner(AudioNetConfig config) => Config = config.EnsureValid();

    public AudioNetConfig Config { get; }

    /// <param name="windows">AttentionFrames × WindowFloats: the neighbours' normalised log-mel windows.</param>
    /// <param name="codes">AttentionFrames × OutputWidth: receives each neighbour's code.</param>
    /// <param name="code">OutputWidth: the frame's (smoothed) code.</param>
    public void Encode(ReadOnlySpan<float> parameters, AvatarParameters blocks, ReadOnlySpan<float> windows,
        bool useAttention, Span<float> codes, Span<float> code)
    {
        int a = Config.OutputWidth;
        AudioNet.Forward(Config, parameters.Slice(blocks.AudioNet.Offset, blocks.AudioNet.Count), windows, codes);
        if (!useAttention)
        {
            codes.Slice(CentreIndex * a, a).CopyTo(code);
            return;
        }
        Span<float> weights = stackalloc float[Config.AttentionFrames];
        AudioAttention.Forward(Config, parameters.Slice(blocks.AudioAttention.Offset, blocks.AudioAttention.Count),
            codes, code, weights);
    }
}
