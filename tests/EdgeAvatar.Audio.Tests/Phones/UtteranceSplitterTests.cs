using EdgeAvatar.Audio.Phones;

namespace EdgeAvatar.Audio.Tests.Phones;

public sealed class UtteranceSplitterTests
{
    /// <summary>10 s of loud noise at 16 kHz with digital silence over [from, to) seconds for each gap.</summary>
    private static short[] NoiseWithGaps(params (double From, double To)[] gaps)
    {
        float[] noise = TestAudio.Noise(10 * TestAudio.Rate);
        var s16 = new short[noise.Length];
        for (int i = 0; i < s16.Length; i++) s16[i] = (short)(noise[i] * 32767);
        foreach (var (from, to) in gaps)
            Array.Clear(s16, (int)(from * TestAudio.Rate), (int)((to - from) * TestAudio.Rate));
        return s16;
    }

    [Fact]
    public void Cuts_land_in_the_silent_gaps_and_the_pieces_tile_the_audio()
    {
        // Gaps at 3.2 s and 7.0 s (50 ms each). With cuts allowed 2.5–5 s after the previous one, the first cut is the
        // first silent 10-ms frame at or after 3.2 s = sample 51200; the second, 2.5–5 s after that, the first silent
        // frame at 7.0 s = sample 112000; the 3-s tail is short enough to stay whole.
        short[] pcm = NoiseWithGaps((3.2, 3.25), (7.0, 7.05));
        var pieces = UtteranceSplitter.Split(pcm, TestAudio.Rate, 2.5, 5.0);
        Assert.Equal([(0, 51200), (51200, 112000), (112000, 160000)], pieces);
    }

    [Fact]
    public void Without_silence_no_piece_is_longer_than_the_maximum()
    {
        short[] pcm = NoiseWithGaps();
        var pieces = UtteranceSplitter.Split(pcm, TestAudio.Rate, 2.5, 4.0);
        Assert.Equal(0, pieces[0].Start);
        Assert.Equal(pcm.Length, pieces[^1].End);
        for (int k = 0; k < pieces.Count; k++)
        {
            int length = pieces[k].End - pieces[k].Start;
            Assert.True(length <= 4 * TestAudio.Rate, $"piece {k} has {length} samples");
            if (k + 1 < pieces.Count)
            {
                Assert.Equal(pieces[k].End, pieces[k + 1].Start);
                Assert.True(length >= 2.5 * TestAudio.Rate, $"piece {k} has {length} samples");
            }
        }
    }

    [Fact]
    public void Short_audio_is_one_piece_and_empty_audio_none()
    {
        Assert.Equal([(0, 1600)], UtteranceSplitter.Split(new short[1600], TestAudio.Rate, 2.5, 5.0));
        Assert.Empty(UtteranceSplitter.Split([], TestAudio.Rate, 2.5, 5.0));
    }
}
