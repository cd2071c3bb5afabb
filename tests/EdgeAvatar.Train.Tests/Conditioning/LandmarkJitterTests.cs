using EdgeAvatar.Train.Conditioning;

namespace EdgeAvatar.Train.Tests.Conditioning;

public sealed class LandmarkJitterTests
{
    private const int Points = 68;

    private static float[] Grid()
    {
        var landmarks = new float[2 * Points];
        for (int i = 0; i < landmarks.Length; i++) landmarks[i] = 100 + 3 * i;
        return landmarks;
    }

    [Fact]
    public void Chosen_landmarks_move_by_zero_mean_noise_of_the_given_spread_and_the_others_not_at_all()
    {
        var landmarks = Grid();
        int[] chosen = [48, 54, 62, 66];
        const float sigma = 2f;
        const int draws = 20000;
        var rng = new Random(7);
        var output = new float[landmarks.Length];
        var sum = new double[landmarks.Length];
        var sumSq = new double[landmarks.Length];
        for (int d = 0; d < draws; d++)
        {
            LandmarkJitter.Apply(landmarks, chosen, sigma, rng, output);
            for (int k = 0; k < output.Length; k++)
            {
                double delta = output[k] - landmarks[k];
                sum[k] += delta;
                sumSq[k] += delta * delta;
            }
        }
        for (int k = 0; k < landmarks.Length; k++)
        {
            if (Array.IndexOf(chosen, k / 2) < 0)
            {
                Assert.Equal(0, sumSq[k]);
                continue;
            }
            double mean = sum[k] / draws, sd = Math.Sqrt(sumSq[k] / draws - mean * mean);
            // Standard errors at 20 000 draws: mean 0.014 px, sd 0.5 %; the bounds are about 4 of them.
            Assert.InRange(mean, -0.06, 0.06);
            Assert.InRange(sd, sigma * 0.98, sigma * 1.02);
        }
    }

    [Fact]
    public void Zero_noise_copies_the_landmarks_and_draws_nothing()
    {
        var landmarks = Grid();
        var output = new float[landmarks.Length];
        var rng = new Random(11);
        LandmarkJitter.Apply(landmarks, [48, 60], 0, rng, output);
        Assert.Equal(landmarks, output);
        Assert.Equal(new Random(11).Next(), rng.Next());
    }

    [Fact]
    public void The_same_seed_draws_the_same_noise()
    {
        var landmarks = Grid();
        var a = new float[landmarks.Length];
        var b = new float[landmarks.Length];
        LandmarkJitter.Apply(landmarks, [0, 16, 48], 0.5f, new Random(3), a);
        LandmarkJitter.Apply(landmarks, [0, 16, 48], 0.5f, new Random(3), b);
        Assert.Equal(a, b);
        Assert.NotEqual(landmarks, a);
    }

    [Theory]
    [InlineData(-0.5f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void A_negative_or_non_finite_spread_is_refused(float sigma)
    {
        var landmarks = Grid();
        Assert.Throws<ArgumentOutOfRangeException>(() => LandmarkJitter.Apply(landmarks, [48], sigma, new Random(1), new float[landmarks.Length]));
    }
}
