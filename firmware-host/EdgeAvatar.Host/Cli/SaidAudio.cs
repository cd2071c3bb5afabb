using EdgeAvatar.Audio;
using EdgeAvatar.Audio.Speech;
using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Cli;

/// <summary>
/// run --say's speech: synthesised before anything is opened (so bad text exits 64 and a missing eSpeak NG exits 69
/// with nothing written), then kept as a private temporary WAV that the run reads as its file source; deleted on
/// dispose.
/// </summary>
internal sealed class SaidAudio : IDisposable
{
    private readonly string _directory;

    private SaidAudio(string directory, SynthesizedSpeech speech)
    {
        _directory = directory;
        Speech = speech;
    }

    public SynthesizedSpeech Speech { get; }

    /// <summary>The --audio value that reads the speech.</summary>
    public string Source => "file:" + Path.Combine(_directory, "say.wav");

    public static SaidAudio Synthesize(SpeechSettings settings, string text, string? language, CancellationToken ct)
    {
        settings.Check();
        var speech = new SpeechSynthesizer(settings).Synthesize(text, language, ct);
        string dir;
        try
        {
            dir = Directory.CreateTempSubdirectory("edgeavatar-say-").FullName;
            WavWriter.Write(Path.Combine(dir, "say.wav"), speech.Pcm, speech.SampleRate);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeAvatarException(ExitCodes.IoError, $"cannot write the synthesised speech to a temporary file: {e.Message}");
        }
        return new SaidAudio(dir, speech);
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* a leftover temp file is harmless */ }
    }
}
