using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Host.Input;

namespace EdgeAvatar.Host.Tests.Input;

/// <summary>
/// Side-channel phones reach the same timeline as said text: each waits until the feed plays the audio sample it is
/// timed from, and lands at the media time that sample got. The placer's rules are checked on a hand-made media
/// axis; the feed test sends PCM and phones over real sockets and finds the audio in the feed's output.
/// </summary>
public sealed class PhoneChannelTests : IDisposable
{
    private const int Rate = 16000;
    private readonly string _dir = InputTestData.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_phone_is_placed_at_the_media_time_its_start_sample_plays_across_a_jitter_gap()
    {
        var timeline = new SpokenPhoneTimeline();
        var placer = new StreamPhonePlacer(timeline, Rate);
        Assert.True(placer.Offer(1, new TimedPhone("M", 0.10, 0.20)));
        Assert.True(placer.Offer(1, new TimedPhone("AA", 0.20, 0.35)));
        placer.Played(1, sampleInConnection: 0, mediaSample: 32000, count: 1600);    // 0–0.1 s at media 2.0 s
        Assert.Equal(0, placer.Placed);
        placer.Played(1, sampleInConnection: 1600, mediaSample: 33600, count: 320);  // M starts here: media 2.1 s
        Assert.Equal("M", timeline.PhoneAt(2.15));
        // The feed inserted silence (jitter buffer refill): 0.12 s of the connection now play from media 2.5 s,
        // so AA (sample 3200) plays at 2.5 + (3200 − 1920) / 16000 = 2.58 s and lasts 0.15 s.
        placer.Played(1, sampleInConnection: 1920, mediaSample: 40000, count: 1600);
        Assert.Equal("M", timeline.PhoneAt(2.19));
        Assert.Null(timeline.PhoneAt(2.57));
        Assert.Equal("AA", timeline.PhoneAt(2.59));
        Assert.Equal("AA", timeline.PhoneAt(2.72));
        Assert.Null(timeline.PhoneAt(2.74));
        Assert.Equal((2L, 0), (placer.Placed, placer.Pending));
    }

    [Fact]
    public void Back_to_back_phones_keep_each_other_wherever_they_land_on_the_media_axis()
    {
        // Each side-channel phone is placed on its own. The next one starts where this one ends, computed from a
        // different sample count, so in floating point the first one's end may come out a hair after the next one's
        // start. That must not read as the next utterance overwriting the first, at any media position.
        int lost = 0;
        for (long media = 0; media < 40000; media += 7)
        {
            var timeline = new SpokenPhoneTimeline();
            var placer = new StreamPhonePlacer(timeline, Rate);
            placer.Offer(1, new TimedPhone("M", 0.10, 0.20));
            placer.Offer(1, new TimedPhone("AA", 0.20, 0.40));
            placer.Played(1, sampleInConnection: 0, mediaSample: media, count: 8000);
            if (timeline.PhoneAt(media / (double)Rate + 0.15) != "M") lost++;
        }
        Assert.Equal(0, lost);
    }

    [Fact]
    public void A_phone_up_to_a_second_behind_its_audio_is_placed_and_a_later_one_is_dropped()
    {
        var timeline = new SpokenPhoneTimeline();
        var placer = new StreamPhonePlacer(timeline, Rate);
        placer.Offer(1, new TimedPhone("B", 0.0, 0.05));   // 2 s behind the audio below
        placer.Offer(1, new TimedPhone("P", 1.5, 1.6));    // 0.5 s behind
        placer.Played(1, sampleInConnection: 32000, mediaSample: 160000, count: 320); // connection 2.0 s at media 10.0 s
        Assert.Equal((1L, 1L), (placer.Late, placer.Placed));
        Assert.Equal("P", timeline.PhoneAt(9.55));
        Assert.Null(timeline.PhoneAt(8.02));
    }

    [Fact]
    public void Phones_of_an_ended_audio_connection_are_dropped_and_those_of_a_newer_one_wait()
    {
        var placer = new StreamPhonePlacer(new SpokenPhoneTimeline(), Rate);
        placer.Offer(1, new TimedPhone("M", 5.0, 5.1));
        placer.Offer(3, new TimedPhone("AA", 0.0, 0.1));
        placer.Played(2, sampleInConnection: 0, mediaSample: 0, count: 320);
        Assert.Equal((1L, 0L, 1), (placer.Orphaned, placer.Placed, placer.Pending));
        placer.Clear();
        Assert.Equal(0, placer.Pending);
    }

    [Fact]
    public void At_most_max_pending_phones_wait()
    {
        var placer = new StreamPhonePlacer(new SpokenPhoneTimeline(), Rate);
        for (int i = 0; i < StreamPhonePlacer.MaxPending; i++) Assert.True(placer.Offer(1, new TimedPhone("AA", i, i + 0.5)));
        Assert.False(placer.Offer(1, new TimedPhone("AA", 5000, 5000.5)));
        Assert.Equal(StreamPhonePlacer.MaxPending, placer.Pending);
    }

    [Fact]
    public async Task Phones_sent_beside_socket_audio_land_where_that_audio_plays_and_bad_lines_are_reported()
    {
        await using var audio = SocketAudioSource.Listen(AudioSourceSpec.Parse("unix:" + Path.Combine(_dir, "a.sock")));
        await using var feed = new LiveAudioFeed(audio);
        var reports = new List<string>();
        await using var channel = PhoneChannel.Listen(AudioSourceSpec.ParsePhoneChannel("unix:" + Path.Combine(_dir, "p.sock")),
            feed.TtsPhones, () => feed.TtsConnection, r => { lock (reports) reports.Add(r); });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20)); // hang guard only

        // Idle silence flows meanwhile; the TTS connects its audio first, as the format asks.
        long read = 0, start = -1;
        async Task ReadUntil(Func<bool> done)
        {
            while (!done())
            {
                ReadResult r = await feed.Reader.ReadAsync(cts.Token);
                byte[] bytes = r.Buffer.ToArray();
                for (int i = 0; i + 1 < bytes.Length && start < 0; i += 2)
                    if (BitConverter.ToInt16(bytes, i) == 1000) start = read + i / 2;
                read += bytes.Length / 2;
                feed.Reader.AdvanceTo(r.Buffer.End);
            }
        }
        // A phone before any TTS connected its audio has no time base: refused.
        using var phoneClient = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await phoneClient.ConnectAsync(channel.LocalEndPoint, cts.Token);
        await phoneClient.SendAsync("{\"phone\":\"M\",\"start_ms\":0,\"end_ms\":50}\n"u8.ToArray(), SocketFlags.None, cts.Token);
        await ReadUntil(() => channel.Rejected == 1);

        // A first TTS connection streams 0.3 s and leaves; the phones below belong to the second one, so they are
        // timed from its first sample, not from the start of the socket's stream.
        using (var first = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await first.ConnectAsync(audio.LocalEndPoint, cts.Token);
            await first.SendAsync(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Enumerable.Repeat((short)500, 4800).ToArray().AsSpan()).ToArray(), SocketFlags.None, cts.Token);
        }
        using var audioClient = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await audioClient.ConnectAsync(audio.LocalEndPoint, cts.Token);
        await ReadUntil(() => feed.TtsConnection == 2);

        await phoneClient.SendAsync(Encoding.UTF8.GetBytes(
            "hello\n" +
            "{\"phone\":\"QQ\",\"start_ms\":0,\"end_ms\":100}\n" +
            "{\"phone\":\"M\",\"start_ms\":100,\"end_ms\":200}\n" +
            "{\"phone\":\"AA\",\"start_ms\":200,\"end_ms\":400}\n" +
            "{\"phone\":\"B\",\"start_ms\":150,\"end_ms\":160}\n"), SocketFlags.None, cts.Token);
        await ReadUntil(() => channel.Accepted + channel.Rejected >= 6);
        Assert.Equal((2L, 4L), (channel.Accepted, channel.Rejected));

        // 0.5 s of speech: its first sample is the phones' time 0.
        short[] pcm = Enumerable.Repeat((short)1000, Rate / 2).ToArray();
        await audioClient.SendAsync(System.Runtime.InteropServices.MemoryMarshal.AsBytes(pcm.AsSpan()).ToArray(), SocketFlags.None, cts.Token);
        await ReadUntil(() => start >= 0 && read > start + Rate / 2);

        double t0 = start / (double)Rate;
        Assert.Null(feed.Phones.PhoneAt(t0 + 0.05));
        Assert.Equal("M", feed.Phones.PhoneAt(t0 + 0.15));
        Assert.Equal("AA", feed.Phones.PhoneAt(t0 + 0.39));
        Assert.Null(feed.Phones.PhoneAt(t0 + 0.41));
        lock (reports)
        {
            Assert.Equal(4, reports.Count);
            Assert.Contains("before any TTS connected to the audio socket", reports[0], StringComparison.Ordinal);
            Assert.Contains("line 2: not valid JSON", reports[1], StringComparison.Ordinal);
            Assert.Contains("line 3: unknown phone 'QQ'", reports[2], StringComparison.Ordinal);
            Assert.Contains("line 6: starts at 150 ms, before the previous phone ended (400 ms)", reports[3], StringComparison.Ordinal);
        }
    }
}
