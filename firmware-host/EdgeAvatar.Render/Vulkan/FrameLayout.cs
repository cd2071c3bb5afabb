using EdgeAvatar.Render.Head;

namespace EdgeAvatar.Render.Vulkan;

/// <summary>
/// Where the per-frame constants sit in the small "frame" storage buffer that the glue shaders read (the only data
/// uploaded per frame besides the march parameters): [audio code (A), eye (1), head latent (L), torso frame input
/// (pose encoding + torso latent, F)], floats, back to back.
/// </summary>
public sealed class FrameLayout
{
    public FrameLayout(HeadModelConfig head, int torsoFrameWidth)
    {
        AudioWidth = head.AudioWidth;
        LatentWidth = head.LatentWidth;
        TorsoWidth = torsoFrameWidth;
        Eye = AudioWidth;
        Latent = Eye + 1;
        Torso = Latent + LatentWidth;
        Length = Torso + TorsoWidth;
    }

    public int AudioWidth { get; }
    public int LatentWidth { get; }
    public int TorsoWidth { get; }

    /// <summary>Offset of the audio code (always 0).</summary>
    public int Audio => 0;
    public int Eye { get; }
    public int Latent { get; }
    public int Torso { get; }
    public int Length { get; }

    /// <summary>Fills <paramref name="frame"/> (Length floats); <paramref name="torso"/> may be empty when F = 0.</summary>
    public void Write(Span<float> frame, ReadOnlySpan<float> audio, float eye, ReadOnlySpan<float> latent,
        ReadOnlySpan<float> torso)
    {
        if (audio.Length != AudioWidth)
            throw new ArgumentException($"audio code has {audio.Length} floats, expected {AudioWidth}.", nameof(audio));
        if (latent.Length != LatentWidth)
            throw new ArgumentException($"latent has {latent.Length} floats, expected {LatentWidth}.", nameof(latent));
        if (torso.Length != TorsoWidth)
            throw new ArgumentException($"torso frame input has {torso.Length} floats, expected {TorsoWidth}.", nameof(torso));
        audio.CopyTo(frame);
        frame[Eye] = eye;
        latent.CopyTo(frame[Latent..]);
        torso.CopyTo(frame[Torso..]);
    }
}
