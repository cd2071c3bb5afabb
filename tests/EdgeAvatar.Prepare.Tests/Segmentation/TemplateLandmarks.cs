using System.Numerics;
using EdgeAvatar.Prepare.Segmentation;

namespace EdgeAvatar.Prepare.Tests.Segmentation;

/// <summary>
/// A mean 68-point face shape (the OpenFace alignment template, iBUG order, normalised so the jaw spans x 0.08-0.97
/// and brows-to-chin y 0.18-1.06) placed into a face box. Stands in for a landmark detector in tests: synthetic
/// scenes draw their face where the template says, and real-frame tests place it on a box read off the clip by eye.
/// </summary>
internal static class TemplateLandmarks
{
    private static readonly float[] Mean =
    [
        0.0792f, 0.3392f, 0.0829f, 0.4570f, 0.0968f, 0.5756f, 0.1221f, 0.6919f, 0.1687f, 0.8003f,
        0.2398f, 0.8957f, 0.3257f, 0.9771f, 0.4223f, 1.0433f, 0.5318f, 1.0608f, 0.6413f, 1.0398f,
        0.7381f, 0.9723f, 0.8244f, 0.8896f, 0.8948f, 0.7925f, 0.9394f, 0.6815f, 0.9611f, 0.5622f,
        0.9706f, 0.4418f, 0.9712f, 0.3221f, 0.1638f, 0.2492f, 0.2178f, 0.2043f, 0.2913f, 0.1924f,
        0.3675f, 0.2036f, 0.4393f, 0.2331f, 0.5864f, 0.2281f, 0.6602f, 0.1959f, 0.7375f, 0.1824f,
        0.8132f, 0.1928f, 0.8708f, 0.2353f, 0.5153f, 0.3186f, 0.5162f, 0.3962f, 0.5171f, 0.4738f,
        0.5182f, 0.5532f, 0.4337f, 0.6041f, 0.4755f, 0.6208f, 0.5207f, 0.6343f, 0.5659f, 0.6188f,
        0.6071f, 0.6016f, 0.2524f, 0.3311f, 0.2987f, 0.3026f, 0.3557f, 0.3030f, 0.4037f, 0.3387f,
        0.3525f, 0.3500f, 0.2968f, 0.3505f, 0.6313f, 0.3341f, 0.6791f, 0.2965f, 0.7360f, 0.2947f,
        0.7829f, 0.3213f, 0.7403f, 0.3418f, 0.6850f, 0.3437f, 0.3532f, 0.7462f, 0.4146f, 0.7191f,
        0.4777f, 0.7068f, 0.5227f, 0.7171f, 0.5698f, 0.7054f, 0.6352f, 0.7157f, 0.6995f, 0.7394f,
        0.6394f, 0.8052f, 0.5764f, 0.8354f, 0.5254f, 0.8417f, 0.4764f, 0.8375f, 0.4138f, 0.8100f,
        0.3801f, 0.7500f, 0.4780f, 0.7451f, 0.5234f, 0.7489f, 0.5711f, 0.7433f, 0.6724f, 0.7442f,
        0.5725f, 0.7766f, 0.5240f, 0.7834f, 0.4776f, 0.7785f,
    ];

    /// <summary>
    /// Landmarks whose jaw ends (points 0 and 16) sit at <paramref name="left"/>/<paramref name="right"/> and whose
    /// brow centre and chin sit at <paramref name="browY"/>/<paramref name="chinY"/> (upright face).
    /// </summary>
    public static float[] Place(float left, float right, float browY, float chinY)
    {
        // Template: jaw x 0.0792..0.9712, brow centre y ~0.2162, chin y 1.0608.
        float sx = (right - left) / (0.9712f - 0.0792f), sy = (chinY - browY) / (1.0608f - 0.2117f);
        var xy = new float[136];
        for (int i = 0; i < 68; i++)
        {
            xy[2 * i] = left + (Mean[2 * i] - 0.0792f) * sx;
            xy[2 * i + 1] = browY + (Mean[2 * i + 1] - 0.2117f) * sy;
        }
        return xy;
    }

    public static FaceLandmarks PlaceLandmarks(float left, float right, float browY, float chinY)
        => new(Place(left, right, browY, chinY));

    /// <summary>Point i of a flat coordinate array.</summary>
    public static Vector2 At(float[] xy, int i) => new(xy[2 * i], xy[2 * i + 1]);
}
