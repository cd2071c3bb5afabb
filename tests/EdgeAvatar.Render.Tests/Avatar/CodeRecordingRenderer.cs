using EdgeAvatar.Render.Avatar;

namespace EdgeAvatar.Render.Tests.Avatar;

/// <summary>A frame renderer that draws nothing and keeps the audio code of every frame it was asked for.</summary>
internal sealed class CodeRecordingRenderer(AvatarModel model) : IAvatarFrameRenderer
{
    public AvatarModel Model { get; } = model;
    public RenderTimings LastTimings => default;
    public int LastHeadSamples => 0;
    public List<float[]> Codes { get; } = [];

    public void Render(ReadOnlySpan<float> cameraToWorld, ReadOnlySpan<float> torsoShift, ReadOnlySpan<float> audioCode, float eye,
        int latentRow, ReadOnlySpan<byte> background, Span<byte> rgb24) => Codes.Add(audioCode.ToArray());
}
