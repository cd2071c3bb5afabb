using System.Buffers;
using System.Text;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Configuration;
using EdgeAvatar.Host.Control;
using EdgeAvatar.Host.Input;
using EdgeAvatar.Audio.Phones;

namespace EdgeAvatar.Host.Tests.Speech;

/// <summary>The say request's JSON shape, the tts.* config keys, and the phone timeline the run loop reads.</summary>
public sealed class SayRequestTests
{
    private static ControlRequest? Parse(string json, out string? error) => ControlRequestParser.Parse(Encoding.UTF8.GetBytes(json), out error);

    [Fact]
    public void Say_takes_text_and_an_optional_language()
    {
        var r = Parse("{\"cmd\":\"say\",\"text\":\"Hello there\",\"lang\":\"en\"}", out _);
        Assert.Equal(new ControlRequest(ControlCommand.Say, Text: "Hello there", Language: "en"), r);
        Assert.Equal(new ControlRequest(ControlCommand.Say, Text: "Hi"), Parse("{\"cmd\":\"say\",\"text\":\"Hi\"}", out _));
    }

    [Theory]
    [InlineData("{\"cmd\":\"say\"}", "say needs \"text\"")]
    [InlineData("{\"cmd\":\"say\",\"text\":42}", "say needs \"text\"")]
    [InlineData("{\"cmd\":\"say\",\"text\":\"hi\",\"lang\":7}", "\"lang\" must be a string")]
    [InlineData("{\"cmd\":\"say\",\"text\":\"hi\",\"voice\":\"x\"}", "unknown field 'voice'")]
    public void Malformed_say_requests_are_refused(string json, string reason)
    {
        Assert.Null(Parse(json, out string? error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Tts_keys_set_the_speech_settings()
    {
        var c = DaemonConfig.Parse("tts.voice = en-gb+f3\ntts.rate = 200\ntts.pitch = 40\ntts.max_chars = 80\ngpio.greeting_text = Welcome!", "t.conf");
        Assert.Equal(new Audio.Speech.SpeechSettings { Voice = "en-gb+f3", Rate = 200, Pitch = 40, MaxChars = 80 }, c.Speech);
        Assert.Equal("Welcome!", c.Gpio.GreetingText);
    }

    [Theory]
    [InlineData("tts.rate = 20")]
    [InlineData("tts.pitch = 101")]
    [InlineData("tts.max_chars = 0")]
    [InlineData("tts.voice = en us")]
    [InlineData("gpio.greeting_text = Hello\u0007")]
    [InlineData("gpio.greeting = /srv/hi.wav\ngpio.greeting_text = Hello")]
    [InlineData("tts.max_chars = 5\ngpio.greeting_text = Hello there")]
    public void Bad_tts_settings_are_a_config_error(string text)
        => Assert.Equal(ExitCodes.Config, Assert.Throws<EdgeAvatarException>(() => DaemonConfig.Parse(text, "t.conf")).ExitCode);

    [Fact]
    public void The_timeline_places_an_utterance_at_its_start_sample_and_stop_cuts_it()
    {
        var t = new SpokenPhoneTimeline();
        t.Add(2.0, [new TimedPhone("SIL", 0, 0.1), new TimedPhone("M", 0.1, 0.2), new TimedPhone("AA", 0.2, 0.5)]);
        Assert.Null(t.PhoneAt(1.99));
        Assert.Equal("M", t.PhoneAt(2.15));
        Assert.Equal("AA", t.PhoneAt(2.3));
        t.CutAt(2.25);
        Assert.Null(t.PhoneAt(2.3));
        Assert.Equal("M", t.PhoneAt(2.15));
    }

    [Fact]
    public void A_new_utterance_forgets_phones_that_ended_beyond_the_horizon_even_with_no_lookup_between()
    {
        var t = new SpokenPhoneTimeline();
        t.Add(0, [new TimedPhone("M", 0, 0.5)]);
        t.Add(SpokenPhoneTimeline.Horizon + 1, [new TimedPhone("AA", 0, 0.5)]);
        // A lookup at 0.25 s prunes nothing by itself (nothing ended before 0.25 − Horizon): only the second Add can.
        Assert.Null(t.PhoneAt(0.25));
        Assert.Equal("AA", t.PhoneAt(SpokenPhoneTimeline.Horizon + 1.25));
    }

    [Fact]
    public async Task The_feed_puts_said_phones_where_their_audio_plays()
    {
        await using var feed = new LiveAudioFeed(null);
        var pcm = new short[3200];
        Array.Fill(pcm, (short)1000);
        // Some idle silence first, so the speech cannot start at media time 0 by luck.
        long samples = 0, start = -1;
        while (samples < 4800)
        {
            var idle = await feed.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            samples += idle.Buffer.Length / 2;
            feed.Reader.AdvanceTo(idle.Buffer.End);
        }
        // 0.2 s of speech whose second half is "M": queued now, it starts at the next 20-ms tick.
        feed.Speak(pcm, [new TimedPhone("AA", 0, 0.1), new TimedPhone("M", 0.1, 0.2)]);
        // Read the stream until the speech appears; its first sample's time is where the phones must start.
        while (start < 0)
        {
            var r = await feed.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            var bytes = r.Buffer.ToArray();
            for (int i = 0; i + 1 < bytes.Length && start < 0; i += 2)
                if (BitConverter.ToInt16(bytes, i) == 1000) start = samples + i / 2;
            samples += bytes.Length / 2;
            feed.Reader.AdvanceTo(r.Buffer.End);
        }
        double t0 = start / 16000.0;
        Assert.Equal("AA", feed.Phones.PhoneAt(t0 + 0.05));
        Assert.Equal("M", feed.Phones.PhoneAt(t0 + 0.15));
        Assert.Null(feed.Phones.PhoneAt(t0 + 0.25));
    }

    [Fact]
    public async Task After_a_reader_stall_the_feed_skipped_said_phones_still_land_where_their_audio_plays()
    {
        await using var feed = new LiveAudioFeed(null);
        // The reader stalls: the feed's pipe fills (64 KiB, about 2 s of audio), then, once the feed is over 1 s
        // behind the wall clock, the ticks it could not write are skipped, so wall time counted by the feed runs ahead
        // of the samples the reader gets. The stall is timed from the pipe being full, not from the start: on a loaded
        // machine the feed's first tick can come late, and a fixed delay then ended before anything was skipped.
        var full = System.Diagnostics.Stopwatch.StartNew();
        while (feed.Stats.Bytes < 64 * 1024 && full.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(50);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var pcm = new short[3200];
        Array.Fill(pcm, (short)1000);
        feed.Speak(pcm, [new TimedPhone("AA", 0, 0.1), new TimedPhone("M", 0.1, 0.2)]);
        long samples = 0, start = -1;
        while (start < 0)
        {
            var r = await feed.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            var bytes = r.Buffer.ToArray();
            for (int i = 0; i + 1 < bytes.Length && start < 0; i += 2)
                if (BitConverter.ToInt16(bytes, i) == 1000) start = samples + i / 2;
            samples += bytes.Length / 2;
            feed.Reader.AdvanceTo(r.Buffer.End);
        }
        Assert.True(feed.Stats.DroppedBytes > 0, "the stall was not long enough to make the feed skip");
        double t0 = start / 16000.0;
        Assert.Equal("AA", feed.Phones.PhoneAt(t0 + 0.05));
        Assert.Equal("M", feed.Phones.PhoneAt(t0 + 0.15));
    }

    [Theory]
    [InlineData("say Hello there", "{\"cmd\":\"say\",\"text\":\"Hello there\"}")]
    [InlineData("say --lang de Guten Tag", "{\"cmd\":\"say\",\"text\":\"Guten Tag\",\"lang\":\"de\"}")]
    public void Ctl_say_becomes_the_say_request(string words, string json) => Assert.Equal(json, Host.Cli.CtlCommand.ToJson(words.Split(' ')));

    [Fact]
    public void Ctl_say_without_text_is_a_usage_error()
        => Assert.Equal(ExitCodes.Usage, Assert.Throws<EdgeAvatarException>(() => Host.Cli.CtlCommand.ToJson(["say", "--lang", "de"])).ExitCode);
}
