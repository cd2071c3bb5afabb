using EdgeAvatar.Common;
using static EdgeAvatar.Host.Interop.Alsa;

namespace EdgeAvatar.Host.Alsa;

/// <summary>
/// One open ALSA PCM, capture or playback, configured for 16 kHz mono S16_LE with interleaved read/write access.
/// Conversion (rate, channels, format) is alsa-lib's job: use a plug device (default, plughw:…); a raw hw: device that
/// cannot do 16 kHz mono s16 is rejected with a message saying so, never silently resampled here. Owned by a single
/// thread (alsa-lib PCM handles are not thread-safe): open, read/write and dispose on it.
/// </summary>
internal sealed unsafe class AlsaPcmDevice : Output.IPcmPlaybackDevice
{
    public const int SampleRate = 16000;
    private nint _pcm;

    private AlsaPcmDevice(nint pcm, AlsaPcmFormat format)
    {
        _pcm = pcm;
        Format = format;
    }

    public AlsaPcmFormat Format { get; }

    /// <summary>
    /// Opens and configures <paramref name="device"/> with periods of ~<paramref name="periodMs"/> and a ring of
    /// <paramref name="periods"/> of them. Missing library → Unavailable; missing device → NoInput (capture) or
    /// Unavailable (playback: the speaker is an output the daemon cannot do without once asked for).
    /// </summary>
    public static AlsaPcmDevice Open(string device, AlsaDirection direction, int periodMs, int periods)
    {
        Loader.EnsureLoaded();
        int err = PcmOpen(out nint pcm, device, (int)direction, 0);
        if (err < 0)
        {
            (int code, string lister) = direction == AlsaDirection.Capture ? (ExitCodes.NoInput, "arecord -L") : (ExitCodes.Unavailable, "aplay -L");
            throw new EdgeAvatarException(code,
                $"Cannot open ALSA {Name(direction)} device '{device}': {ErrorText(err)}. List devices with '{lister}' " +
                "and pass one as alsa:<name> (e.g. alsa:default or alsa:plughw:CARD=Device,DEV=0).");
        }
        try
        {
            AlsaPcmFormat format = Configure(pcm, device, direction, periodMs, periods);
            Check(PcmPrepare(pcm), format, "prepare");
            return new AlsaPcmDevice(pcm, format);
        }
        catch
        {
            _ = PcmClose(pcm);
            throw;
        }
    }

    /// <summary>Blocking read of up to <paramref name="samples"/>.Length frames; returns frames read or −errno.</summary>
    public long Read(Span<short> samples)
    {
        ObjectDisposedException.ThrowIf(_pcm == 0, this);
        fixed (short* p = samples)
        {
            return PcmReadi(_pcm, p, (nuint)samples.Length);
        }
    }

    /// <summary>Blocking write of up to <paramref name="samples"/>.Length frames; returns frames written or −errno.</summary>
    public long Write(ReadOnlySpan<short> samples)
    {
        ObjectDisposedException.ThrowIf(_pcm == 0, this);
        fixed (short* p = samples)
        {
            return PcmWritei(_pcm, p, (nuint)samples.Length);
        }
    }

    /// <summary>
    /// snd_pcm_delay: for playback, frames written but not yet heard (the distance from the application pointer to
    /// what leaves the DAC); −errno when the stream is not running (e.g. after an underrun).
    /// </summary>
    public long Delay()
    {
        ObjectDisposedException.ThrowIf(_pcm == 0, this);
        int err = PcmDelay(_pcm, out nint frames);
        return err < 0 ? err : frames;
    }

    /// <summary>snd_pcm_drain: blocks until every written frame was played.</summary>
    public int Drain() => PcmDrain(_pcm);

    /// <summary>snd_pcm_recover: 0 when the stream runs again, else the unrecoverable error.</summary>
    public int Recover(int err) => PcmRecover(_pcm, err, 1);

    public void Dispose()
    {
        if (_pcm == 0) return;
        _ = PcmClose(_pcm);
        _pcm = 0;
    }

    private static string Name(AlsaDirection direction) => direction == AlsaDirection.Capture ? "capture" : "playback";

    private static AlsaPcmFormat Configure(nint pcm, string device, AlsaDirection direction, int periodMs, int periods)
    {
        var want = new AlsaPcmFormat(device, direction, SampleRate, 1, 0, 0);
        Check(HwParamsMalloc(out nint hw), want, "allocate hw_params");
        try
        {
            Check(HwParamsAny(pcm, hw), want, "query hw_params");
            Check(HwParamsSetAccess(pcm, hw, AccessRwInterleaved), want, "set interleaved access");
            Check(HwParamsSetFormat(pcm, hw, FormatS16Le), want, "set format S16_LE");
            Check(HwParamsSetChannels(pcm, hw, 1), want, "set 1 channel (mono)");
            uint rate = SampleRate;
            int dir = 0;
            Check(HwParamsSetRateNear(pcm, hw, ref rate, ref dir), want, "set rate 16000 Hz");
            nuint period = (nuint)(SampleRate * periodMs / 1000);
            dir = 0;
            Check(HwParamsSetPeriodSizeNear(pcm, hw, ref period, ref dir), want, "set period size");
            nuint buffer = period * (nuint)periods;
            Check(HwParamsSetBufferSizeNear(pcm, hw, ref buffer), want, "set buffer size");
            Check(HwParamsInstall(pcm, hw), want, "install hw_params");

            // Read back what was actually installed: *_near may have moved the rate.
            Check(HwParamsGetRate(hw, out uint gotRate, out _), want, "read back rate");
            Check(HwParamsGetChannels(hw, out uint gotChannels), want, "read back channels");
            Check(HwParamsGetFormat(hw, out int gotFormat), want, "read back format");
            Check(HwParamsGetPeriodSize(hw, out nuint gotPeriod, out _), want, "read back period");
            Check(HwParamsGetBufferSize(hw, out nuint gotBuffer), want, "read back buffer");
            if (gotRate != SampleRate || gotChannels != 1 || gotFormat != FormatS16Le)
                throw new EdgeAvatarException(ExitCodes.Unavailable,
                    $"ALSA {Name(direction)} device '{device}' offers {gotRate} Hz, {gotChannels} channel(s), format #{gotFormat} " +
                    "instead of 16000 Hz mono S16_LE. Use a plug device that converts (alsa:default or alsa:plughw:CARD=…,DEV=…).");
            return want with { PeriodFrames = (int)gotPeriod, BufferFrames = (int)gotBuffer };
        }
        finally
        {
            HwParamsFree(hw);
        }
    }

    private static void Check(int err, AlsaPcmFormat want, string step)
    {
        if (err < 0)
            throw new EdgeAvatarException(ExitCodes.Unavailable,
                $"ALSA {Name(want.Direction)} device '{want.Device}' cannot {step}: {ErrorText(err)}. A plug device (alsa:default, " +
                "alsa:plughw:…) converts rate, channels and format for devices that cannot do 16 kHz mono S16_LE natively.");
    }
}
