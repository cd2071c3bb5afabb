using System.Buffers;
using System.Runtime.InteropServices;
using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Host.Input;

namespace EdgeAvatar.Host.Tests.Input;

/// <summary>
/// The daemon's live phone recognition behind the PCM tap: bytes in arbitrary pieces (a sample split between two reads)
/// give the phones the streaming recogniser gives the same samples, on the same axis; a backlog over the limit is
/// skipped, not decoded late. Needs libpocketsphinx3, pocketsphinx-en-us and ffmpeg.
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
}
