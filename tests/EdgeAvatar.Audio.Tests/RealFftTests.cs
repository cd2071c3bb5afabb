namespace EdgeAvatar.Audio.Tests;

public class RealFftTests
{
    [Fact]
    public void Power_spectrum_matches_a_naive_dft()
    {
        var fft = new RealFft(64);
        float[] noise = TestAudio.Noise(50);
        var input = noise.Select(v => (double)v).ToArray();
        var power = new double[fft.BinCount];
        fft.PowerSpectrum(input, power);
        for (int k = 0; k < fft.BinCount; k++)
        {
            double re = 0, im = 0;
            for (int n = 0; n < input.Length; n++)
            {
                re += input[n] * Math.Cos(2 * Math.PI * k * n / 64);
                im -= input[n] * Math.Sin(2 * Math.PI * k * n / 64);
            }
            Assert.Equal(re * re + im * im, power[k], 1e-9);
        }
    }

    [Fact]
    public void Cosine_on_a_bin_puts_all_power_in_that_bin()
    {
        var fft = new RealFft(512);
        var input = Enumerable.Range(0, 512).Select(n => Math.Cos(2 * Math.PI * 37 * n / 512)).ToArray();
        var power = new double[fft.BinCount];
        fft.PowerSpectrum(input, power);
        Assert.Equal(256.0 * 256.0, power[37], 1e-6);
        Assert.All(power.Where((_, k) => k != 37), p => Assert.True(p < 1e-12));
    }

    [Fact]
    public void Non_power_of_two_size_is_rejected()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new RealFft(400));
}
