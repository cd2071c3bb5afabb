using EdgeAvatar.Render.Head;

namespace EdgeAvatar.Render.Vulkan;

/// <summary>
/// Where the per-frame constants sit in the small "frame" storage buffer that the glue shaders read (the only data
/// uploaded per frame besides the march parameters): [frame code (A), eye (1), head latent (L), torso frame input
/// (pose encoding + torso latent, F)], floats, back to back. The frame code is what <see cref="HeadField"/> takes
/// (<see cref="HeadModelConfig.FrameCodeWidth"/>): the audio code of a radnerf head, the FiLM vector of an r2talker
/// head, which the FiLM sigma MLP reads from the start of this buffer.
/// </summary>
public sealed class FrameLayout
{
    public FrameLayout(HeadModelConfig head, int torsoFrameWidth)
    {
        AudioWidth = head.FrameCodeWidth;
        LatentWidth = head.LatentWidth;
        TorsoWidth = torsoFrameWidth;
        Eye = AudioWidth;
        Latent = Eye + 1;
        Torso = Latent + LatentWidth;
        Length = Torso + TorsoWidth;
    }

    /// <summary>Floats of the frame code (A): the audio code (radnerf) or the FiLM vector (r2talker).</summary>
    public int AudioWidth { get; }
    public int LatentWidth { get; }
    public int TorsoWidth { get; }

    /// <summary>Offset of the frame code: always 0, where the FiLM sigma MLP reads an r2talker head's FiLM vector.</summary>
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
            throw new ArgumentException($"the frame code has {audio.Length} floats, expected {AudioWidth}.", nameof(audio));
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
