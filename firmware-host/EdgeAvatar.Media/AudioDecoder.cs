using System.Globalization;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using EdgeAvatar.Common;

namespace EdgeAvatar.Media;

/// <summary>
/// Decodes the first audio stream of anything ffmpeg reads (mp4/AAC/MP3, FLAC, WAV, any rate and channel count) to
/// mono PCM at <see cref="SampleRate"/> (16 kHz, what the feature extractor expects).
/// <para>
/// Conversion lives in two fixed places: <see cref="Arguments"/> (ffmpeg always resamples with swresample in float,
/// down-mixes with -ac 1 — its standard matrix, stereo → (L + R) / 2 — and outputs f32le) and
/// <see cref="PcmConversion"/> (f32 → s16 by rounding, when s16 is asked for). s16 → float for features is
/// EdgeAvatar.Audio's Pcm.ToFloat (x / 32768), the same one the device applies to microphone samples.
/// </para>
/// Errors as <see cref="MediaProbe"/> (missing → NoInput, not media / no audio → DataError, no ffmpeg → Unavailable);
/// a decode failure → DataError with ffmpeg's stderr tail.
/// </summary>
public static class AudioDecoder
{
    public const int SampleRate = 16000;

    /// <summary>The whole file as 16 kHz mono s16.</summary>
    public static short[] DecodeS16(string path, MediaTools? tools = null)
        => MemoryMarshal.Cast<byte, short>(DecodeBytes(path, PcmSampleFormat.S16, tools)).ToArray();

    /// <summary>The whole file as 16 kHz mono float.</summary>
    public static float[] DecodeFloat(string path, MediaTools? tools = null)
        => MemoryMarshal.Cast<byte, float>(DecodeBytes(path, PcmSampleFormat.F32, tools)).ToArray();

    /// <summary>A stream of PCM bytes as ffmpeg produces them; dispose it to stop ffmpeg early.</summary>
    public static PcmStream OpenStream(string path, PcmSampleFormat format = PcmSampleFormat.S16, MediaTools? tools = null)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("PCM is little-endian; big-endian hosts are not supported.");
        tools ??= MediaTools.Default;
        MediaProbe.Probe(path, MediaNeeds.Audio, tools);
        return new PcmStream(FfmpegProcess.Start(tools.FfmpegPath, Arguments(path)), path, format);
    }

    /// <summary>
    /// The same PCM as a <see cref="PipeReader"/> for System.IO.Pipelines consumers. Completing the reader disposes
    /// the stream and so stops ffmpeg. A decode failure surfaces from ReadAsync as <see cref="EdgeAvatarException"/>.
    /// </summary>
    public static PipeReader OpenPipeReader(string path, PcmSampleFormat format = PcmSampleFormat.S16, MediaTools? tools = null)
        => PipeReader.Create(OpenStream(path, format, tools), new StreamPipeReaderOptions(bufferSize: 16384, leaveOpen: false));

    /// <summary>ffmpeg's command line for decoding to 16 kHz mono PCM (always float; see the class remarks).</summary>
    internal static List<string> Arguments(string path) =>
    [
        "-v", "error", "-nostdin", "-i", Path.GetFullPath(path),
        "-map", "0:a:0", "-vn", "-sn", "-dn",
        "-ac", "1", "-ar", SampleRate.ToString(CultureInfo.InvariantCulture),
        "-f", "f32le", "pipe:1",
    ];

    private static byte[] DecodeBytes(string path, PcmSampleFormat format, MediaTools? tools)
    {
        using PcmStream stream = OpenStream(path, format, tools);
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        if (ms.Length % stream.BytesPerSample != 0)
            throw new EdgeAvatarException(ExitCodes.DataError, $"ffmpeg's PCM for '{path}' ended mid-sample.");
        return ms.ToArray();
    }
}
