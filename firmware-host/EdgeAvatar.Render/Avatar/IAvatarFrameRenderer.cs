namespace EdgeAvatar.Render.Avatar;

/// <summary>
/// Renders one avatar frame (pose, torso shift, audio code, eye → RGB24): <see cref="AvatarRenderer"/> on the CPU or
/// <see cref="Vulkan.VulkanAvatarRenderer"/> on a Vulkan device — the same maths, tested equal.
/// </summary>
public interface IAvatarFrameRenderer
{
    AvatarModel Model { get; }

    /// <summary>Per-stage milliseconds of the last frame.</summary>
    RenderTimings LastTimings { get; }

    /// <summary>Head samples evaluated in the last frame.</summary>
    int LastHeadSamples { get; }

    /// <param name="torsoShift">The torso track's shifts for this frame (Config.Torso.TrackWidth floats; empty when 0).</param>
    /// <param name="background">W × H × 3, or empty for the recorded plate.</param>
    void Render(ReadOnlySpan<float> cameraToWorld, ReadOnlySpan<float> torsoShift, ReadOnlySpan<float> audioCode, float eye, int latentRow,
        ReadOnlySpan<byte> background, Span<byte> rgb24);
}
