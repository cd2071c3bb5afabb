using EdgeAvatar.Common;
using static EdgeAvatar.Host.Interop.Alsa;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// One open ALSA capture PCM configured for 16 kHz mono S16_LE, interleaved read access, ~10 ms periods and a
/// 4-period buffer. Conversion (rate, channels, format) is alsa-lib's job: use a plug device (default, plughw:…);
/// a raw hw: device that cannot do 16 kHz mono s16 is rejected with a message saying so, never silently resampled
/// here. Owned by a single thread (alsa-lib PCM handles are not thread-safe): open, read and dispose on it.
/// </summary>
internal sealed unsafe class AlsaCaptureDevice : IDisposable
{
    public const int SampleRate = 16000;
    private nint _pcm;

    private AlsaCaptureDevice(nint pcm, AlsaCaptureFormat format)
    {
        _pcm = pcm;
        Format = format;
    }

    public AlsaCaptureFormat Format { get; }

    /// <summary>Opens and configures <paramref name="device"/>; missing library → Unavailable, missing device → NoInput.</summary>
    public static AlsaCaptureDevice Open(string device, int periodMs)
    {
        Loader.EnsureLoaded();
        int err = PcmOpen(out nint pcm, device, StreamCapture, 0);
        if (err < 0)
            throw new EdgeAvatarException(ExitCodes.NoInput,
                $"Cannot open ALSA capture device '{device}': {ErrorText(err)}. List capture devices with 'arecord -L' " +
                "and pass one as alsa:<name> (e.g. alsa:default or alsa:plughw:CARD=Device,DEV=0).");
        try
        {
            AlsaCaptureFormat format = Configure(pcm, device, periodMs);
            Check(PcmPrepare(pcm), device, "prepare");
            return new AlsaCaptureDevice(pcm, format);
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

    /// <summary>snd_pcm_recover: 0 when the stream runs again, else the unrecoverable error.</summary>
    public int Recover(int err) => PcmRecover(_pcm, err, 1);

    public void Dispose()
    {
        if (_pcm == 0) return;
        _ = PcmClose(_pcm);
        _pcm = 0;
    }

    private static AlsaCaptureFormat Configure(nint pcm, string device, int periodMs)
    {
        Check(HwParamsMalloc(out nint hw), device, "allocate hw_params");
        try
        {
            Check(HwParamsAny(pcm, hw), device, "query hw_params");
            Check(HwParamsSetAccess(pcm, hw, AccessRwInterleaved), device, "set interleaved read access");
            Check(HwParamsSetFormat(pcm, hw, FormatS16Le), device, "set format S16_LE");
            Check(HwParamsSetChannels(pcm, hw, 1), device, "set 1 channel (mono)");
            uint rate = SampleRate;
            int dir = 0;
            Check(HwParamsSetRateNear(pcm, hw, ref rate, ref dir), device, "set rate 16000 Hz");
            nuint period = (nuint)(SampleRate * periodMs / 1000);
            dir = 0;
            Check(HwParamsSetPeriodSizeNear(pcm, hw, ref period, ref dir), device, "set period size");
            nuint buffer = period * 4;
            Check(HwParamsSetBufferSizeNear(pcm, hw, ref buffer), device, "set buffer size");
            Check(HwParamsInstall(pcm, hw), device, "install hw_params");

            // Read back what was actually installed: *_near may have moved the rate.
            Check(HwParamsGetRate(hw, out uint gotRate, out _), device, "read back rate");
            Check(HwParamsGetChannels(hw, out uint gotChannels), device, "read back channels");
            Check(HwParamsGetFormat(hw, out int gotFormat), device, "read back format");
            Check(HwParamsGetPeriodSize(hw, out nuint gotPeriod, out _), device, "read back period");
            Check(HwParamsGetBufferSize(hw, out nuint gotBuffer), device, "read back buffer");
            if (gotRate != SampleRate || gotChannels != 1 || gotFormat != FormatS16Le)
                throw new EdgeAvatarException(ExitCodes.Unavailable,
                    $"ALSA device '{device}' offers {gotRate} Hz, {gotChannels} channel(s), format #{gotFormat} instead of " +
                    "16000 Hz mono S16_LE. Use a plug device that converts (alsa:default or alsa:plughw:CARD=…,DEV=…).");
            return new AlsaCaptureFormat(device, (int)gotRate, (int)gotChannels, (int)gotPeriod, (int)gotBuffer);
        }
        finally
        {
            HwParamsFree(hw);
        }
    }

    private static void Check(int err, string device, string step)
    {
        if (err < 0)
            throw new EdgeAvatarException(ExitCodes.Unavailable,
                $"ALSA device '{device}' cannot {step}: {ErrorText(err)}. A plug device (alsa:default, alsa:plughw:…) " +
                "converts rate, channels and format for devices that cannot capture 16 kHz mono S16_LE natively.");
    }
}
