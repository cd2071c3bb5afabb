using System.Runtime.InteropServices;

namespace EdgeAvatar.Host;

internal static partial class Interop
{
    /// <summary>
    /// The slice of alsa-lib's PCM API that audio capture and playback need, declared by hand (no binding package).
    /// <para>
    /// Never call these before <see cref="Loader.EnsureLoaded"/> succeeded: the runtime binds a [LibraryImport] on its
    /// first call and a missing libasound.so.2 would surface as DllNotFoundException from deep inside the capture
    /// thread; the loader turns that into a clear <see cref="Common.EdgeAvatarException"/> up front.
    /// </para>
    /// Types follow alsa/pcm.h on LP64 Linux: snd_pcm_uframes_t = unsigned long (nuint), snd_pcm_sframes_t = long
    /// (nint), enums = int. Every function returns 0 / a count on success and a negative errno on failure.
    /// </summary>
    internal static unsafe partial class Alsa
    {
        internal const string LibraryName = "libasound.so.2";

        // Enum values from alsa/pcm.h (stable ABI since alsa-lib 1.0).
        internal const int AccessRwInterleaved = 3;    // SND_PCM_ACCESS_RW_INTERLEAVED
        internal const int FormatS16Le = 2;            // SND_PCM_FORMAT_S16_LE
        // errno values, identical on x86-64 and aarch64 Linux.
        internal const int EPipe = 32;                 // overrun (xrun)
        internal const int EStrPipe = 86;              // stream suspended
        internal const int EAgain = 11;
        internal const int EIntr = 4;

        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_open", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int PcmOpen(out nint pcm, string name, int stream, int mode);

        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_close")]
        internal static partial int PcmClose(nint pcm);

        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_hw_params_malloc")]
        internal static partial int HwParamsMalloc(out nint hwParams);

        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_hw_params_free")]
        internal static partial void HwParamsFree(nint hwParams);

        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_hw_params_any")]
        internal static partial int HwParamsAny(nint pcm, nint hwParams);

        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_hw_params_set_access")]
        internal static partial int HwParamsSetAccess(nint pcm, nint hwParams, int access);

        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_hw_params_set_format")]
        internal static partial int HwParamsSetFormat(nint pcm, nint hwParams, int format);

        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_hw_params_set_channels")]
        internal static partial int HwParamsSetChannels(nint pcm, nint hwParams, uint channels);

        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_hw_params_set_rate_near")]
        internal static partial int HwParamsSetRateNear(nint pcm, nint hwParams, ref uint rate, ref int dir);

        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_hw_params_set_period_size_near")]
        internal static partial int HwParamsSetPeriodSizeNear(nint pcm, nint hwParams, ref nuint frames, ref int dir);

        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_hw_params_set_buffer_size_near")]
        internal static partial int HwParamsSetBufferSizeNear(nint pcm, nint hwParams, ref nuint frames);

        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_hw_params")]
        internal static partial int HwParamsInstall(nint pcm, nint hwParams);

        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_hw_params_get_rate")]
        internal static partial int HwParamsGetRate(nint hwParams, out uint rate, out int dir);

        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_hw_params_get_channels")]
        internal static partial int HwParamsGetChannels(nint hwParams, out uint channels);

        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_hw_params_get_format")]
        internal static partial int HwParamsGetFormat(nint hwParams, out int format);

        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_hw_params_get_period_size")]
        internal static partial int HwParamsGetPeriodSize(nint hwParams, out nuint frames, out int dir);

        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_hw_params_get_buffer_size")]
        internal static partial int HwParamsGetBufferSize(nint hwParams, out nuint frames);

        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_prepare")]
        internal static partial int PcmPrepare(nint pcm);

        /// <summary>Reads up to <paramref name="frames"/> interleaved frames; returns frames read or −errno.</summary>
        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_readi")]
        internal static partial nint PcmReadi(nint pcm, void* buffer, nuint frames);

        /// <summary>Recovers from −EPIPE (xrun), −ESTRPIPE (suspend) and −EINTR; returns 0 or the error it could not handle.</summary>
        /// <summary>Writes up to <paramref name="frames"/> interleaved frames; returns frames written or −errno.</summary>
        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_writei")]
        internal static partial nint PcmWritei(nint pcm, void* buffer, nuint frames);

        /// <summary>Frames between the application pointer and the sound leaving the device (playback latency now).</summary>
        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_delay")]
        internal static partial int PcmDelay(nint pcm, out nint delayFrames);

        /// <summary>Blocks until all written playback frames were played, then stops the stream.</summary>
        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_drain")]
        internal static partial int PcmDrain(nint pcm);

        [LibraryImport(LibraryName, EntryPoint = "snd_pcm_recover")]
        internal static partial int PcmRecover(nint pcm, int err, int silent);

        /// <summary>Static string owned by alsa-lib: never free it.</summary>
        [LibraryImport(LibraryName, EntryPoint = "snd_strerror")]
        internal static partial nint StrError(int errnum);

        /// <summary>alsa-lib's text for a negative return code (falls back to the number).</summary>
        internal static string ErrorText(int err)
        {
            string? text = Marshal.PtrToStringUTF8(StrError(err));
            return string.IsNullOrEmpty(text) ? $"error {err}" : text;
        }
    }
}
