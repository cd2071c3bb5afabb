using EdgeAvatar.Prepare.Landmarks;

namespace EdgeAvatar.Train.Eval;

/// <summary>
/// An independent mouth-opening meter on dlib's 68 iBUG points: the inner-lip gap divided by the outer-eye-corner
/// distance, so it does not depend on image size or on how far the face is from the camera.
/// <para>
/// Gap = mean of the Euclidean distances between the facing inner-lip points 61–67, 62–66 and 63–65 (upper inner lip
/// 61–63, lower inner lip 65–67); eye distance = |36 − 45| (the outer corners). A closed mouth reads ≈ 0, a wide open
/// vowel a few hundredths to a tenth. It only reads landmarks: whoever fits them decides what it measures.
/// </para>
/// </summary>
public static class MouthOpening
{
    public const int PointCount = 68;

    private static readonly (int Upper, int Lower)[] s_pairs = [(61, 67), (62, 66), (63, 65)];

    /// <summary>The opening of one 68-point shape (interleaved x,y: 136 floats).</summary>
    public static double Measure(ReadOnlySpan<float> xy)
    {
        if (xy.Length != 2 * PointCount)
            throw new ArgumentException($"The mouth meter needs 68 points ({2 * PointCount} floats), got {xy.Length}.", nameof(xy));
        double gap = 0;
        foreach (var (u, l) in s_pairs) gap += Distance(xy, u, l);
        gap /= s_pairs.Length;
        double eyes = Distance(xy, 36, 45);
        if (!(eyes > 0)) throw new ArgumentException("The outer eye corners coincide: not a face shape.", nameof(xy));
        return gap / eyes;
    }

    public static double Measure(FaceShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Measure(shape.Coordinates);
    }

    private static double Distance(ReadOnlySpan<float> xy, int a, int b)
    {
        double dx = xy[2 * a] - xy[2 * b], dy = xy[2 * a + 1] - xy[2 * b + 1];
        return Math.Sqrt(dx * dx + dy * dy);
    }
}
