namespace EdgeAvatar.Train.Eval;

/// <summary>
/// What evaluation needs from a trained model: the picture it renders for one dataset frame. The model side gets the
/// frame index and looks up what it conditions on itself (the manifest's camera_to_world and eye value, the audio
/// feature rows 2i and 2i+1), so evaluation stays independent of the model's inputs.
/// <para>
/// Contract: write exactly W×H×3 bytes of rgb24 (the dataset's width and height, row-major, no padding) into
/// <c>rgb</c>; the buffer is reused between calls and its previous content is unspecified. Calls come in increasing
/// frame order from one thread. The time spent in <see cref="Render"/> (and only there) is what
/// <see cref="EvalReport.RenderFps"/> reports.
/// </para>
/// </summary>
public interface IEvalFrameRenderer
{
    void Render(int frameIndex, Span<byte> rgb);
}
