using System.Buffers;
using System.Runtime.InteropServices;
using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Host.Input;

namespace EdgeAvatar.Host.Tests.Input;

/// <summary>
/// The daemon's live phone recognition behind the PCM tap: bytes in arbitrary pieces (a sample split between two reads)
/// give the phones the streaming recogniser gives the same samples, on the same axis; a backlog over the limit is
/// skipped, not decoded late; a renderer can wait until a time's phones are published. Needs libpocketsphinx3, pocketsphinx-en-us and ffmpeg.
/// </summary>
public sealed class LivePhoneRecognitionTests
{
    private static short[] Speech(int seconds)
    {
        Skip.IfNot(PocketSphinxLibrary.IsAvailable, "needs libpocketsphinx3 and pocketsphinx-en-us");
        Skip.IfNot(InputTestData.HaveFfmpeg(), "needs ffmpeg");
        return EdgeAvatar.Media.AudioDecoder.DecodeS16(InputTestData.Sample("drive/en_male_broadcast_20s.flac")).AsSpan(0, seconds * 16000).ToArray();
    }

    private static void WaitFor(Func<bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < until, "the recogniser did not finish in 60 s");
            Thread.Sleep(20);
        }
    }

    [SkippableFact]
    public void Bytes_written_in_odd_pieces_give_the_phones_of_the_same_samples()
    {
        short[] pcm = Speech(6);
        var expected = new SpokenPhoneTimeline();
        using (var direct = new StreamingPhoneRecognizer(expected.Add))
        {
            for (int at = 0; at < pcm.Length; at += 320) direct.Push(pcm.AsSpan(at, Math.Min(320, pcm.Length - at)));
            direct.Flush();
        }
        var warnings = new List<string>();
        using var live = new LivePhoneRecognition(warnings.Add);
        byte[] bytes = MemoryMarshal.AsBytes(pcm.AsSpan()).ToArray();
        // 641 bytes is 320.5 samples: every other piece ends inside a sample. Every 10 pieces the test waits until the
        // recogniser has decoded them, so no backlog builds up however loaded the machine is.
        for (int at = 0, piece = 1; at < bytes.Length; at += 641, piece++)
        {
            live.Write(new ReadOnlySequence<byte>(bytes, at, Math.Min(641, bytes.Length - at)));
            if (piece % 10 == 0) WaitFor(() => live.Lag().Chunks >= piece);
        }
        live.Complete();
        WaitFor(() => live.Finished);
        Assert.Empty(warnings);
        Assert.Equal(0, live.SkippedSeconds);
        Assert.Equal(pcm.Length / MediaLoudness.FrameSamples, live.Loudness.Frames);
        var want = expected.Overlapping(0, 6);
        Assert.True(want.Count > 30, $"{want.Count} phones in 6 s of speech");
        Assert.Equal(want, live.Phones.Overlapping(0, 6));
    }

    [SkippableFact]
    public void A_backlog_over_the_limit_is_skipped_and_counted()
    {
        short[] pcm = Speech(6); // more than MaxQueuedSeconds in one write
        using var live = new LivePhoneRecognition(_ => { });
        live.Write(new ReadOnlySequence<byte>(MemoryMarshal.AsBytes(pcm.AsSpan()).ToArray()));
        live.Complete();
        WaitFor(() => live.Finished);
        Assert.Equal(6.0, live.SkippedSeconds, 6);
        Assert.Empty(live.Phones.Overlapping(0, 6));
    }

    [SkippableFact]
    public void Waiting_until_a_time_is_decoded_returns_with_its_phones_published()
    {
        short[] pcm = Speech(4);
        using var live = new LivePhoneRecognition(_ => { });
        // Written far faster than real time, as a renderer catching up hands it over: decoding takes a while after this.
        byte[] bytes = MemoryMarshal.AsBytes(pcm.AsSpan()).ToArray();
        for (int at = 0; at < bytes.Length; at += 640) live.Write(new ReadOnlySequence<byte>(bytes, at, Math.Min(640, bytes.Length - at)));
        Assert.True(live.WaitUntilDecoded(3.0, TimeSpan.FromSeconds(60)), "3 s of 4 written were not decoded in 60 s");
        // The recogniser publishes the best path up to the audio decoded: the second before 3 s has its phones.
        Assert.Contains(live.Phones.Overlapping(2.0, 3.0), p => !PhoneRecognizer.IsSilenceOrFiller(p.Phone));
        // A time beyond the audio written waits only for what was written, not for the timeout.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(live.WaitUntilDecoded(100.0, TimeSpan.FromSeconds(60)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"waited {clock.Elapsed} for audio never written");
        Assert.Equal(0, live.SkippedSeconds);
    }

    [SkippableFact]
    public void Waiting_gives_up_at_the_timeout()
    {
        short[] pcm = Speech(2);
        using var live = new LivePhoneRecognition(_ => { });
        live.Write(new ReadOnlySequence<byte>(MemoryMarshal.AsBytes(pcm.AsSpan()).ToArray()));
        // Nothing decodes 2 s of speech in no time: a zero timeout returns false at once, a short one after it ends.
        Assert.False(live.WaitUntilDecoded(2.0, TimeSpan.Zero));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(live.WaitUntilDecoded(2.0, TimeSpan.FromMilliseconds(50)));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(49), TimeSpan.FromSeconds(30));
        live.Complete();
        WaitFor(() => live.Finished);
        Assert.True(live.WaitUntilDecoded(2.0, TimeSpan.Zero));
    }
}
