using System.Text;
using EdgeAvatar.Common;

namespace EdgeAvatar.Audio.Speech;

/// <summary>
/// Text → speech through eSpeak NG: 16 kHz mono s16 PCM (the rate the run path's features and live feed use) and
/// the phones the engine reports saying, timed in the audio and mapped to CMU phones (<see cref="EspeakPhones"/>).
/// <para>
/// The engine is process-wide and not thread-safe: a synthesis holds <see cref="EspeakLibrary.Gate"/> from setting the
/// voice to the last sample, so concurrent callers wait their turn. It is CPU work of roughly a tenth of the speech's
/// duration; callers on the render or control threads use <see cref="SynthesizeAsync"/>, which runs it on the pool.
/// </para>
/// </summary>
public sealed class SpeechSynthesizer(SpeechSettings settings)
{
    /// <summary>The rate of <see cref="SynthesizedSpeech.Pcm"/>.</summary>
    public const int OutputSampleRate = 16000;

    /// <summary>Longest utterance produced: anything longer is refused rather than cut (10 minutes).</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(10);

    public SpeechSettings Settings { get; } = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <summary>Checks text and language exactly as <see cref="Synthesize"/> does, without speaking.</summary>
    /// <returns>The trimmed text and the voice name to use.</returns>
    public (string Text, string Voice) Check(string? text, string? language)
    {
        Settings.Check();
        string t = SpeechText.Check(text, Settings.MaxChars);
        string lang = SpeechText.CheckLanguage(language ?? Settings.Language, EspeakLibrary.Languages);
        return (t, lang + Settings.Variant);
    }

    public Task<SynthesizedSpeech> SynthesizeAsync(string? text, string? language = null, CancellationToken cancellationToken = default)
        => Task.Run(() => Synthesize(text, language, cancellationToken), cancellationToken);

    /// <summary>Speaks <paramref name="text"/> in <paramref name="language"/> (null: the settings' voice).</summary>
    /// <exception cref="EdgeAvatarException">Usage (64): bad text, language or voice; Unavailable (69): no eSpeak NG;
    /// DataError (65): the engine failed or the speech would be longer than <see cref="MaxDuration"/>.</exception>
    public unsafe SynthesizedSpeech Synthesize(string? text, string? language = null, CancellationToken cancellationToken = default)
    {
        (string t, string voice) = Check(text, language);
        int engineRate = EspeakLibrary.SampleRate;
        short[] samples;
        List<(string Mnemonic, int Ms)> events;
        lock (EspeakLibrary.Gate)
        {
            if (!SetVoice(voice))
                throw new EdgeAvatarException(ExitCodes.Usage, $"eSpeak NG has no voice '{voice}' (`espeak-ng --voices` lists them; variants are listed with --voices=variant).");
            Interop.EspeakNg.SetParameter(Interop.EspeakNg.ParameterRate, Settings.Rate, 0);
            Interop.EspeakNg.SetParameter(Interop.EspeakNg.ParameterPitch, Settings.Pitch, 0);
            byte[] utf8 = Encoding.UTF8.GetBytes(t + "\0");
            SpeechCapture.Begin((int)(MaxDuration.TotalSeconds * engineRate), cancellationToken);
            int status;
            fixed (byte* p = utf8)
                status = Interop.EspeakNg.Synth(p, (nuint)utf8.Length, 0, Interop.EspeakNg.PositionCharacter, 0, Interop.EspeakNg.CharsUtf8, 0, 0);
            (samples, events) = SpeechCapture.End();
            cancellationToken.ThrowIfCancellationRequested();
            if (SpeechCapture.Truncated)
                throw new EdgeAvatarException(ExitCodes.DataError, $"the text would take longer than {MaxDuration.TotalMinutes:0} minutes to say; say it in parts.");
            if (status != Interop.EspeakNg.Ok)
                throw new EdgeAvatarException(ExitCodes.DataError, $"eSpeak NG could not say the text (espeak_Synth returned {status}).");
        }
        short[] pcm = PcmResampler.Resample(samples, engineRate, OutputSampleRate);
        var phones = EspeakPhones.ToTimedPhones(events, pcm.Length / (double)OutputSampleRate);
        return new SynthesizedSpeech(pcm, OutputSampleRate, phones) { EngineMnemonics = [.. events.Select(e => e.Mnemonic)] };
    }

    /// <summary>
    /// By voice file name first ("en-us", "de", "en-us+f3"); a language only listed inside a voice ("en-gb", whose
    /// file is gmw/en) is then selected by properties, a female/male variant by gender. Caller holds the gate.
    /// </summary>
    private static unsafe bool SetVoice(string voice)
    {
        if (Interop.EspeakNg.SetVoiceByName(voice) == Interop.EspeakNg.Ok) return true;
        string language = voice.Split('+')[0];
        string variant = voice.Contains('+') ? voice[(voice.IndexOf('+') + 1)..] : "";
        byte[] utf8 = Encoding.UTF8.GetBytes(language + "\0");
        fixed (byte* p = utf8)
        {
            var spec = new Interop.EspeakNg.EspeakVoice
            {
                Languages = (nint)p,
                Gender = variant.StartsWith('f') ? (byte)2 : variant.StartsWith('m') ? (byte)1 : (byte)0,
            };
            return Interop.EspeakNg.SetVoiceByProperties(ref spec) == Interop.EspeakNg.Ok;
        }
    }
}
