using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Render.Mouth;
using EdgeAvatar.Train.AudioNetworks;

namespace EdgeAvatar.Render.Tests.Mouth;

/// <summary>
/// Lip sync end to end on a synthetic speaker whose mouth follows what is said: open on open vowels, shut on bilabials,
/// half open otherwise, and shut in silence. The generator is fitted on the first part and judged on the rest; the
/// judged mouth must follow the speech, and must stop following it when the audio is zeroed or the phones shuffled.
/// </summary>
public sealed class LipSyncTests
{
    private const double Fps = 25;
    private const int Rate = 16000;
    private static readonly string[] Vocabulary = ["AA", "AE", "P", "B", "M", "S", "T", "IY", "SIL"];

    private static (List<TimedPhone> Phones, float[] Pcm, float[] Opening, int Frames) Speaker(int seed, double seconds)
    {
        var rng = new Random(seed);
        var phones = new List<TimedPhone>();
        for (double t = 0; t < seconds;)
        {
            double len = 0.06 + 0.1 * rng.NextDouble();
            phones.Add(new TimedPhone(Vocabulary[rng.Next(Vocabulary.Length)], t, t + len));
            t += len;
        }
        int frames = (int)(seconds * Fps);
        var pcm = new float[(int)(seconds * Rate)];
        var opening = new float[frames];
        foreach (var p in phones)
        {
            double open = p.Phone switch { "AA" or "AE" => 1.0, "P" or "B" or "M" or "SIL" => 0.0, _ => 0.4 };
            double amp = p.Phone == "SIL" ? 0.001 : 0.1 + 0.3 * open;
            for (int i = (int)(p.Start * Rate); i < Math.Min(pcm.Length, (int)(p.End * Rate)); i++)
                pcm[i] = (float)(amp * Math.Sin(2 * Math.PI * 180 * i / Rate));
            for (int f = (int)Math.Ceiling(p.Start * Fps - 0.5); f < frames && (f + 0.5) / Fps < p.End; f++) opening[f] = (float)open;
        }
        return (phones, pcm, opening, frames);
    }

    private static double Follow(MouthGenerator g, IReadOnlyList<TimedPhone> phones, float[] pcm, float[] opening, int frames)
    {
        var track = PhoneMouthTrack.FromPhones(g, phones, pcm, Rate, Fps, frames);
        return MouthGeneratorFit.Correlation(track.All.ToArray(), opening, 1, 0, Enumerable.Range(0, frames).ToArray());
    }

    private static MouthGenerator Fitted()
    {
        var (phones, pcm, opening, frames) = Speaker(1, 40);
        var fe = new PhoneFeatureConfig { Context = 2 };
        var x = PhoneFeatures.Windowed(fe, PhoneFeatures.PerFrame(fe, phones, pcm, Rate, Fps, frames), frames);
        return MouthGeneratorFit.Fit(fe, x, opening, 1, Enumerable.Range(0, frames).ToArray(), 0.1, matchAmplitude: true);
    }

    [Fact]
    public void The_mouth_follows_held_out_speech()
    {
        var (phones, pcm, opening, frames) = Speaker(2, 20);
        Assert.True(Follow(Fitted(), phones, pcm, opening, frames) > 0.8);
    }

    [Fact]
    public void The_mouth_stops_following_when_the_audio_is_zeroed_and_the_phones_are_silence()
    {
        var (phones, pcm, opening, frames) = Speaker(2, 20);
        var silent = phones.Select(p => p with { Phone = "SIL" }).ToList();
        Assert.True(Follow(Fitted(), silent, new float[pcm.Length], opening, frames) < 0.2);
    }

    [Fact]
    public void The_mouth_stops_following_when_the_phones_and_audio_are_shuffled()
    {
        var (phones, pcm, opening, frames) = Speaker(2, 20);
        var (otherPhones, otherPcm, _, _) = Speaker(9, 20);
        Assert.True(Follow(Fitted(), otherPhones, otherPcm, opening, frames) < 0.3);
    }
}
