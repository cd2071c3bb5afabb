using EdgeAvatar.Common;
using EdgeAvatar.Host.Input;

namespace EdgeAvatar.Host.Tests.Input;

/// <summary>
/// What this build machine allows: alsa-lib is installed but there is no sound card, so real capture, xruns and
/// format negotiation on hardware cannot be exercised here; the "null" PCM plugin stands in for a device.
/// </summary>
public sealed class AlsaCaptureTests
{
    [Fact]
    public void Loader_loads_the_installed_libasound()
    {
        Interop.Alsa.Loader.EnsureLoaded(); // throws if missing
        Assert.False(string.IsNullOrEmpty(Interop.Alsa.ErrorText(-Interop.Alsa.EPipe)));
    }

    [Fact]
    public void Loader_reports_a_missing_library_as_unavailable_naming_the_package()
    {
        var ex = Assert.Throws<EdgeAvatarException>(() => Interop.Alsa.Loader.EnsureLoaded("libasound-does-not-exist.so.9"));
        Assert.Equal(ExitCodes.Unavailable, ex.ExitCode);
        Assert.Contains("libasound2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_a_device_that_does_not_exist_fails_with_a_clear_message()
    {
        var ex = await Assert.ThrowsAsync<EdgeAvatarException>(async () =>
        {
            await using IAudioSource source = AudioSources.Open("alsa:no_such_device_xyz");
        });
        Assert.Equal(ExitCodes.NoInput, ex.ExitCode);
        Assert.Contains("no_such_device_xyz", ex.Message, StringComparison.Ordinal);
        Assert.Contains("arecord -L", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Null_plugin_capture_delivers_silence_and_stops_cleanly()
    {
        AlsaAudioSource source;
        try
        {
            source = AlsaAudioSource.Open("null");
        }
        catch (EdgeAvatarException ex)
        {
            Skip.If(true, $"the ALSA null plugin cannot capture here: {ex.Message}");
            return;
        }
        await using (source)
        {
            Assert.Equal(16000, source.Format.SampleRate);
            Assert.Equal(1, source.Format.Channels);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            long seen = 0;
            while (seen < 3200)
            {
                var r = await source.Reader.ReadAsync(cts.Token);
                foreach (var seg in r.Buffer)
                    foreach (byte b in seg.Span) Assert.Equal(0, b);
                seen += r.Buffer.Length;
                Assert.Equal(0, r.Buffer.Length % 2);
                source.Reader.AdvanceTo(r.Buffer.End);
            }
        }
        await source.Completion; // stopped without error
        Assert.True(source.Stats.Bytes >= 3200);
        Assert.Equal(0, source.Stats.Bytes % 2);
    }
}
