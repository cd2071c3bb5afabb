using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Host.Input;
using EdgeAvatar.Host.Run;
using EdgeAvatar.Render.Mouth;

namespace EdgeAvatar.Host.Tests.Run;

/// <summary>
/// Phones streamed beside TTS audio move the daemon's mouth: per frame, the model's generator over the phones placed on
/// the media axis and the written audio's loudness, as the file path computes it for the same utterance.
/// </summary>
public sealed class StreamedPhoneMouthTests
{
    /// <summary>Two classes, loudness, ±2 frames: every feature of the window has its own weight (a prime-ish spread).</summary>
    private static MouthGenerator Generator()
    {
        var fe = new PhoneFeatureConfig { Classes = ["P B M", "AA AE AH"], Context = 2, Energy = true };
        int d = fe.Width;
        var weights = new float[(d + 1) * 2];
        for (int i = 0; i < weights.Length; i++) weights[i] = ((i * 7) % 11 - 5) / 10f;
        return new MouthGenerator { FrontEnd = fe, Measures = 2, Weights = weights };
    }

    /// <summary>1.2 s of "speech": loud at open vowels, quieter at bilabials, with the level changing every 80 ms.</summary>
    private static (short[] Pcm, List<TimedPhone> Phones) Utterance()
    {
        var phones = new List<TimedPhone>();
        for (int k = 0; k < 10; k++) phones.Add(new TimedPhone(k % 2 == 0 ? "AA" : "M", 0.12 * k, 0.12 * (k + 1)));
        var pcm = new short[19200];
        var rng = new Random(5);
        for (int i = 0; i < pcm.Length; i++)
        {
            double level = 2000 + 1500 * ((i / 1280) % 3) + (((i / 1920) % 2 == 0) ? 6000 : 0);
            pcm[i] = (short)(level * (rng.NextDouble() * 2 - 1));
        }
        return (pcm, phones);
    }

    [Fact]
    public void Inside_an_utterance_it_gives_what_the_file_path_gives_for_the_same_phones_and_audio()
    {
        var g = Generator();
        var (pcm, phones) = Utterance();
        var timeline = new SpokenPhoneTimeline();
        timeline.Add(0, phones);
        var loudness = new MediaLoudness();
        loudness.Add(pcm);
        var streamed = new StreamedPhoneMouth(g, timeline, loudness);

        var file = PhoneMouthTrack.FromPhones(g, phones, pcm.Select(s => s / 32768f).ToArray(), 16000, 25.0);
        Assert.Equal(30, file.Frames);
        var m = new float[2];
        // Away from the ends (the file path clamps its window there; the stream reads the frames around it).
        for (int f = 3; f < file.Frames - 3; f++)
        {
            Assert.True(streamed.TryGet(f, m), $"frame {f}");
            Assert.Equal(file.Frame(f)[0], m[0], 5);
            Assert.Equal(file.Frame(f)[1], m[1], 5);
        }
    }

    [Fact]
    public void A_frame_with_no_phone_in_its_window_keeps_the_models_own_mouth()
    {
        var g = Generator();
        var timeline = new SpokenPhoneTimeline();
        timeline.Add(2.0, [new TimedPhone("AA", 0, 0.2)]); // media frames 50..54
        var loudness = new MediaLoudness();
        loudness.Add(new short[16000 * 3]);
        var streamed = new StreamedPhoneMouth(g, timeline, loudness);
        var m = new float[2];
        Assert.False(streamed.TryGet(47, m)); // window 45..49
        Assert.True(streamed.TryGet(48, m)); // window 46..50 reaches the phone
        Assert.True(streamed.TryGet(56, m)); // window 54..58
        Assert.False(streamed.TryGet(57, m));

        // A reloaded model's driver counts from media frame 40: its frame 8 is media frame 48.
        streamed.DriverStartsAt(40);
        Assert.True(streamed.TryGet(8, m));
        Assert.False(streamed.TryGet(7, m));
    }

    [Fact]
    public void Frames_whose_audio_is_not_written_yet_take_the_newest_written_level()
    {
        // One read-out weight, on the loudness of the window's newest frame (centre + 2): the output is that level.
        var fe = new PhoneFeatureConfig { Classes = ["AA AE AH"], Context = 2, Energy = true };
        var weights = new float[fe.Width + 1];
        weights[4 * fe.FrameWidth + 1] = 1f;
        var g = new MouthGenerator { FrontEnd = fe, Measures = 1, Weights = weights };
        var (pcm, phones) = Utterance();
        var timeline = new SpokenPhoneTimeline();
        timeline.Add(0, phones);
        var loudness = new MediaLoudness();
        loudness.Add(pcm.AsSpan(0, 21 * 640)); // frames 0..20 written
        var m = new float[1];
        Assert.True(new StreamedPhoneMouth(g, timeline, loudness).TryGet(20, m));

        // By hand: frame 22 is not written, so frame 20's level stands in, against the 95th-percentile frame of 0..20.
        var levels = Enumerable.Range(0, 21).Select(f => 10 * Math.Log10(pcm.Skip(f * 640).Take(640).Average(s => s / 32768.0 * (s / 32768.0)) + 1e-10)).ToArray();
        var sorted = levels.OrderBy(v => v).ToArray();
        double reference = sorted[(int)Math.Floor(0.95 * 20)];
        Assert.Equal((float)Math.Clamp((levels[20] - reference) / 20, -3, 1), m[0], 5);
    }
}
