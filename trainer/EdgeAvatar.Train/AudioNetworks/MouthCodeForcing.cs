using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Train.Kernels.Rendering;

namespace EdgeAvatar.Train.AudioNetworks;

/// <summary>
/// The mouth part of the audio code: its first K = <c>MouthTargets</c> entries are trained to equal the recorded mouth
/// measures (Data/MouthShapeTargets.cs, standardised), and on a share of the steps the head field sees the recorded
/// measures there instead of the predicted ones (teacher forcing). Why: the field learns the mouth's geometry from a
/// clean, low-dimensional signal that follows the pixels exactly, instead of from an audio code whose link to the
/// lips is weak early in training (measured on the 71-s clip without it: on training frames the rendered
/// inner-lip opening followed the recording with r 0.29 and spanned 2.4–4.3 px against the recording's 1.0–6.6).
/// At render time nothing changes: the audio network's own prediction fills those entries, so how well a held-out
/// mouth moves is how well audio predicts the mouth, a figure the probe's correlation reports on its own.
/// Invariant: a forced entry is a constant for the step, so the field's gradient there is dropped; the regression's
/// gradient reaches the audio network on every step, forced or not.
/// </summary>
public static class MouthCodeForcing
{
    /// <summary>
    /// Builds the code the field sees. Entries 0..K−1 become <paramref name="target"/> when <paramref name="force"/>;
    /// the rest are copied.
    /// </summary>
    public static void Compose(ReadOnlySpan<float> code, ReadOnlySpan<float> target, bool force, Span<float> fieldCode)
    {
        if (target.Length > code.Length) throw new ArgumentException($"{target.Length} mouth measures do not fit a {code.Length}-wide code.", nameof(target));
        code.CopyTo(fieldCode);
        if (force) target.CopyTo(fieldCode);
    }

    /// <summary>
    /// Backward: turns dL/d(field code) into dL/d(code) in place and adds the regression
    /// weight · mean_k (code_k − target_k)² over the K mouth entries; returns the (weighted) regression loss.
    /// </summary>
    public static double Backward(ReadOnlySpan<float> code, ReadOnlySpan<float> target, bool forced, float weight, Span<float> gradCode)
    {
        int k = target.Length;
        var mouth = code[..k];
        if (forced)
        {
            // The forced entries' field gradient is replaced by the regression's.
            RenderLosses.MseBackward(mouth, target, weight, gradCode[..k]);
        }
        else
        {
            Span<float> regression = stackalloc float[k];
            RenderLosses.MseBackward(mouth, target, weight, regression);
            for (int i = 0; i < k; i++) gradCode[i] += regression[i];
        }
        return weight * RenderLosses.MseForward(mouth, target);
    }
}
