using EdgeAvatar.Render.Torso;

namespace EdgeAvatar.Render.Tests.Torso;

public class FrequencyEncodingTests
{
    [Fact]
    public void Encoding_is_input_then_sin_cos_per_octave()
    {
        float[] x = [0.3f, -0.7f];
        var y = new float[FrequencyEncoding.Width(2, 3)];
        FrequencyEncoding.Encode(x, 3, y);
        Assert.Equal(2 + 2 * 2 * 3, y.Length);
        float[] expected =
        [
            0.3f, -0.7f,
            MathF.Sin(0.3f), MathF.Sin(-0.7f), MathF.Cos(0.3f), MathF.Cos(-0.7f),
            MathF.Sin(0.6f), MathF.Sin(-1.4f), MathF.Cos(0.6f), MathF.Cos(-1.4f),
            MathF.Sin(1.2f), MathF.Sin(-2.8f), MathF.Cos(1.2f), MathF.Cos(-2.8f),
        ];
        for (int i = 0; i < y.Length; i++)
            Assert.Equal(expected[i], y[i], 1e-6f);
    }
}
