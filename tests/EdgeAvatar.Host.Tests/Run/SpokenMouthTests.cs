using System.Buffers;
using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Host.Input;
using EdgeAvatar.Host.Run;
using EdgeAvatar.Render.Mouth;

namespace EdgeAvatar.Host.Tests.Run;

/// <summary>Said text moves the daemon's mouth from its known phones, placed where its audio plays, and stop cuts it.</summary>
public sealed class SpokenMouthTests
{
    /// <summary>Measure 0 = coverage(open vowel) − coverage(bilabial) of a frame; measure 1 = 0.5.</summary>
    private static MouthGenerator HandGenerator() => new()
    {
        FrontEnd = new PhoneFeatureConfig { Classes = ["P B M", "AA AE"], Context = 0, Energy = false },
        Measures = 2,
        Weights = [-1f, 0f, 1f, 0f, 0f, 0.5f],
    };

    /// <summary>Reads the feed until a sample of <paramref name="marker"/> appears; returns its sample index, and the samples read.</summary>
    private static async Task<(long Start, long Read)> ReadUntil(LiveAudioFeed feed, short marker, long samples)
    {
        long start = -1;
        while (start < 0)
        {
            var r = await feed.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            var bytes = r.Buffer.ToArray();
            for (int i = 0; i + 1 < bytes.Length && start < 0; i += 2)
                if (BitConverter.ToInt16(bytes, i) == marker) start = samples + i / 2;
            samples += bytes.Length / 2;
            feed.Reader.AdvanceTo(r.Buffer.End);
        }
        return (start, samples);
    }

    private static async Task<long> Skip(LiveAudioFeed feed, long samples, long count)
    {
        long end = samples + count;
        while (samples < end)
        {
            var r = await feed.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            samples += r.Buffer.Length / 2;
            feed.Reader.AdvanceTo(r.Buffer.End);
        }
        return samples;
    }

    [Fact]
    public async Task Said_phones_move_the_mouth_from_the_frame_their_audio_starts()
    {
        await using var feed = new LiveAudioFeed(null);
        using var mouth = new SpokenMouth(HandGenerator(), feed);
        long samples = await Skip(feed, 0, 4800); // idle first, so the speech cannot start at frame 0 by luck
        var pcm = new short[3200];
        Array.Fill(pcm, (short)1000);
        // 0.2 s: AA for 0.1 s, then M.
        feed.Speak(pcm, [new TimedPhone("AA", 0, 0.1), new TimedPhone("M", 0.1, 0.2)]);
        (long start, _) = await ReadUntil(feed, 1000, samples);
        long first = (long)Math.Round(start / 640.0);
        var m = new float[2];
        Assert.False(mouth.TryGet(first - 1, m));
        Assert.True(mouth.TryGet(first + 1, m)); // utterance 40-80 ms: AA
        Assert.Equal(1f, m[0], 5);
        Assert.True(mouth.TryGet(first + 3, m)); // 120-160 ms: M
        Assert.Equal(-1f, m[0], 5);

        // A reloaded model's driver starts counting at media frame `first`: its frame 3 is the same utterance frame.
        mouth.DriverStartsAt(first);
        Assert.True(mouth.TryGet(3, m));
        Assert.Equal(-1f, m[0], 5);
        Assert.False(mouth.TryGet(5, m)); // past its 5 frames
    }

    [Fact]
    public async Task Stop_ends_the_said_mouth_where_the_audio_is_cut()
    {
        await using var feed = new LiveAudioFeed(null);
        using var mouth = new SpokenMouth(HandGenerator(), feed);
        var pcm = new short[32000];
        Array.Fill(pcm, (short)1000);
        feed.Speak(pcm, [new TimedPhone("AA", 0, 2.0)]); // 2 s of an open vowel
        (long start, long samples) = await ReadUntil(feed, 1000, 0);
        feed.StopSpeaking();
        await Skip(feed, samples, 8000); // the cut lands at the feed's next tick
        long first = (long)Math.Round(start / 640.0);
        var m = new float[2];
        Assert.True(mouth.TryGet(first, m));
        Assert.Equal(1f, m[0], 5);
        Assert.False(mouth.TryGet(first + 40, m)); // 1.6 s in: cut, though the utterance would still be speaking
    }

    [Fact]
    public void A_landmark_generator_gives_whole_landmark_rows_for_said_phones()
    {
        // One component: AA opens it (+1), P B M closes it (−1); the row is 0.5 + score × (0.1, −0.1, 0.2).
        var g = new MouthGenerator
        {
            Kind = MouthGenerator.LandmarkKind,
            FrontEnd = new PhoneFeatureConfig { Classes = ["P B M", "AA AE"], Context = 0, Energy = false },
            Measures = 1,
            Weights = [-1f, 1f, 0f],
            Mean = [0.5f, 0.5f, 0.5f],
            Basis = [0.1f, -0.1f, 0.2f],
        };
        using var mouth = new SpokenMouth(g, null);
        Assert.Equal(3, mouth.Measures);
        // Said at media time 0.4 s (frame 10): AA for a frame, then M for a frame.
        mouth.Started(0.4, new short[1280], [new TimedPhone("AA", 0, 0.04), new TimedPhone("M", 0.04, 0.08)]);
        var row = new float[3];
        Assert.True(mouth.TryGet(10, row));
        Assert.Equal([0.6f, 0.4f, 0.7f], row);
        Assert.True(mouth.TryGet(11, row));
        Assert.Equal([0.4f, 0.6f, 0.3f], row);
        Assert.False(mouth.TryGet(12, row));
    }
}
