using System.Text;
using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Configuration;
using EdgeAvatar.Host.Input;

namespace EdgeAvatar.Host.Tests.Input;

/// <summary>
/// The TTS phone side channel's format: one JSON object per line, read by <see cref="PhoneChannelReader"/> however
/// the bytes are chunked; every kind of bad line is dropped with its reason and the next line is read normally.
/// </summary>
public sealed class PhoneLineTests
{
    private static (List<TimedPhone> Phones, List<string> Errors) Read(string text, int chunk = int.MaxValue)
        => Read(Encoding.UTF8.GetBytes(text), chunk);

    private static (List<TimedPhone> Phones, List<string> Errors) Read(byte[] bytes, int chunk = int.MaxValue, bool close = false)
    {
        var reader = new PhoneChannelReader();
        var phones = new List<TimedPhone>();
        var errors = new List<string>();
        for (int at = 0; at < bytes.Length; at += chunk)
            reader.Read(bytes.AsSpan(at, Math.Min(chunk, bytes.Length - at)), phones, errors);
        if (close) reader.Close(errors);
        return (phones, errors);
    }

    [Fact]
    public void Valid_lines_become_phones_in_seconds_with_stress_digits_dropped()
    {
        var (phones, errors) = Read("{\"phone\":\"M\",\"start_ms\":0,\"end_ms\":80}\n" +
                                    "{\"end_ms\":212.5,\"phone\":\"AA1\",\"start_ms\":80}\r\n" +
                                    "\n" +
                                    "{ \"phone\" : \"SIL\" , \"start_ms\" : 212.5 , \"end_ms\" : 300 }\n");
        Assert.Empty(errors);
        Assert.Equal([new TimedPhone("M", 0, 0.08), new TimedPhone("AA", 0.08, 0.2125), new TimedPhone("SIL", 0.2125, 0.3)], phones);
    }

    [Fact]
    public void Lines_cut_into_single_bytes_read_the_same_as_whole()
    {
        string text = "{\"phone\":\"B\",\"start_ms\":10,\"end_ms\":40}\n{\"phone\":\"IY\",\"start_ms\":40,\"end_ms\":120}\n";
        Assert.Equal(Read(text).Phones, Read(text, chunk: 1).Phones);
        Assert.Equal(2, Read(text, chunk: 1).Phones.Count);
    }

    [Theory]
    [InlineData("{\"phone\":\"QQ\",\"start_ms\":0,\"end_ms\":10}", "unknown phone 'QQ'")]
    [InlineData("{\"phone\":\"aa\",\"start_ms\":0,\"end_ms\":10}", "unknown phone 'aa'")]
    [InlineData("{\"phone\":\"AA\",\"start_ms\":-5,\"end_ms\":10}", "start_ms is negative")]
    [InlineData("{\"phone\":\"AA\",\"start_ms\":10,\"end_ms\":10}", "end_ms is not after start_ms")]
    [InlineData("{\"phone\":\"AA\",\"start_ms\":0,\"end_ms\":10001}", "lasts over 10000 ms")]
    [InlineData("{\"phone\":\"AA\",\"start_ms\":86400000,\"end_ms\":86400001}", "past 86400000")]
    [InlineData("{\"phone\":\"AA\",\"start_ms\":\"0\",\"end_ms\":10}", "\"start_ms\" must be a number")]
    [InlineData("{\"phone\":7,\"start_ms\":0,\"end_ms\":10}", "\"phone\" must be a string")]
    [InlineData("{\"phone\":\"AA\",\"start_ms\":0}", "needs \"phone\", \"start_ms\" and \"end_ms\"")]
    [InlineData("{\"phone\":\"AA\",\"phone\":\"M\",\"start_ms\":0,\"end_ms\":10}", "\"phone\" is given twice")]
    [InlineData("{\"phone\":\"AA\",\"start\":0,\"end_ms\":10}", "unknown field 'start'")]
    [InlineData("[\"AA\",0,10]", "not a JSON object")]
    [InlineData("{\"phone\":\"AA\",\"start_ms\":0,\"end_ms\":10} {}", "not one JSON object")]
    [InlineData("{\"phone\":\"AA\",\"start_ms\":0,\"end_ms\":NaN}", "not valid JSON")]
    [InlineData("{\"phone\":\"AA\",\"start_ms\":0,", "not valid JSON")]
    public void A_bad_line_is_dropped_with_its_reason_and_the_next_line_still_reads(string bad, string reason)
    {
        var (phones, errors) = Read("{\"phone\":\"M\",\"start_ms\":0,\"end_ms\":50}\n" + bad + "\n{\"phone\":\"AA\",\"start_ms\":50,\"end_ms\":90}\n");
        string error = Assert.Single(errors);
        Assert.StartsWith("line 2: ", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Equal([new TimedPhone("M", 0, 0.05), new TimedPhone("AA", 0.05, 0.09)], phones);
    }

    [Fact]
    public void Invalid_utf8_is_dropped()
    {
        byte[] bad = [.. "{\"phone\":\"A"u8, 0xC3, 0x28, .. "\",\"start_ms\":0,\"end_ms\":10}\n"u8, .. "{\"phone\":\"AA\",\"start_ms\":0,\"end_ms\":10}\n"u8];
        var (phones, errors) = Read(bad);
        Assert.Contains("not valid UTF-8", Assert.Single(errors), StringComparison.Ordinal);
        Assert.Single(phones);
    }

    [Theory]
    [InlineData(70, 100, "before the previous phone ended (100 ms)")] // overlaps the previous phone
    [InlineData(0, 20, "before the previous phone ended (100 ms)")]   // goes back in time
    public void A_phone_that_overlaps_or_precedes_the_previous_one_is_dropped(int start, int end, string reason)
    {
        var (phones, errors) = Read("{\"phone\":\"M\",\"start_ms\":50,\"end_ms\":100}\n" +
                                    $"{{\"phone\":\"AA\",\"start_ms\":{start},\"end_ms\":{end}}}\n" +
                                    "{\"phone\":\"P\",\"start_ms\":100,\"end_ms\":130}\n");
        Assert.Contains(reason, Assert.Single(errors), StringComparison.Ordinal);
        Assert.Equal(["M", "P"], phones.Select(p => p.Phone));
    }

    [Fact]
    public void Restarting_times_for_a_new_audio_connection_accepts_zero_again()
    {
        var reader = new PhoneChannelReader();
        var phones = new List<TimedPhone>();
        var errors = new List<string>();
        reader.Read("{\"phone\":\"M\",\"start_ms\":500,\"end_ms\":600}\n"u8, phones, errors);
        reader.RestartTimes();
        reader.Read("{\"phone\":\"AA\",\"start_ms\":0,\"end_ms\":100}\n"u8, phones, errors);
        Assert.Empty(errors);
        Assert.Equal(["M", "AA"], phones.Select(p => p.Phone));
    }

    [Fact]
    public void An_oversized_line_is_skipped_to_its_newline_and_the_next_line_reads()
    {
        // A megabyte without a newline, fed in 4-KiB reads as from a socket: reported once, never held whole.
        byte[] huge = [.. Enumerable.Repeat((byte)'x', 1 << 20), (byte)'\n', .. "{\"phone\":\"AA\",\"start_ms\":0,\"end_ms\":10}\n"u8];
        var (phones, errors) = Read(huge, chunk: 4096);
        Assert.Contains($"longer than {PhoneLine.MaxBytes} bytes", Assert.Single(errors), StringComparison.Ordinal);
        Assert.Equal("AA", Assert.Single(phones).Phone);
    }

    [Fact]
    public void A_line_of_exactly_the_limit_is_read_and_one_byte_more_is_not()
    {
        string Padded(int bytes)
        {
            string core = "{\"phone\":\"AA\",\"start_ms\":0,\"end_ms\":10}";
            return core[..^1] + new string(' ', bytes - core.Length) + "}";
        }
        Assert.Single(Read(Padded(PhoneLine.MaxBytes) + "\n").Phones);
        var (phones, errors) = Read(Padded(PhoneLine.MaxBytes + 1) + "\n");
        Assert.Empty(phones);
        Assert.Contains("longer than", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_last_line_without_its_newline_is_reported_when_the_client_leaves()
    {
        var (phones, errors) = Read(Encoding.UTF8.GetBytes("{\"phone\":\"M\",\"start_ms\":0,\"end_ms\":50}\n{\"phone\":\"AA\",\"start_ms\":50,\"end_ms\":9"), close: true);
        Assert.Equal("M", Assert.Single(phones).Phone);
        Assert.Contains("line 2: the connection ended inside it", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unix:/run/edgeavatar/phones.sock", AudioSourceKind.Unix)]
    [InlineData("tcp:127.0.0.1:7071", AudioSourceKind.Tcp)]
    public void The_channel_socket_takes_the_audio_socket_forms(string text, AudioSourceKind kind)
        => Assert.Equal(kind, AudioSourceSpec.ParsePhoneChannel(text).Kind);

    [Theory]
    [InlineData("tcp:0.0.0.0:7071", "loopback")]
    [InlineData("none", "not a socket")]
    [InlineData("/run/edgeavatar/phones.sock", "not a socket")]
    [InlineData("alsa:default", "not a socket")]
    public void The_channel_socket_refuses_other_forms_with_a_usage_error(string text, string reason)
    {
        var e = Assert.Throws<EdgeAvatarException>(() => AudioSourceSpec.ParsePhoneChannel(text));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.StartsWith("Bad --phones socket: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Audio_phones_in_the_config_names_the_channel_beside_a_unix_audio_socket()
    {
        var c = DaemonConfig.Parse("audio = unix:/run/edgeavatar/tts.sock\naudio.phones = unix:/run/edgeavatar/phones.sock", "t.conf");
        Assert.Equal("unix:/run/edgeavatar/phones.sock", c.Phones);
        Assert.Null(DaemonConfig.Parse("audio = unix:/run/edgeavatar/tts.sock\naudio.phones = none", "t.conf").Phones);
        Assert.Null(DaemonConfig.Parse("audio.phones =", "t.conf").Phones);
    }

    [Theory]
    [InlineData("audio = unix:/run/a.sock\naudio.phones = unix:relative.sock", "unix:<absolute socket path>")]
    [InlineData("audio = unix:/run/a.sock\naudio.phones = tcp:127.0.0.1:7071", "unix:<absolute socket path>")]
    [InlineData("audio = alsa:default\naudio.phones = unix:/run/p.sock", "needs audio = unix:")]
    public void A_bad_audio_phones_setting_is_a_config_error(string text, string reason)
    {
        var e = Assert.Throws<EdgeAvatarException>(() => DaemonConfig.Parse(text, "t.conf"));
        Assert.Equal(ExitCodes.Config, e.ExitCode);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
