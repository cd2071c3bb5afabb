using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Media;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Mouth;

namespace EdgeAvatar.Host.Run;

/// <summary>
/// The mouth source of an audio file for a model that carries a generator: the whole file is decoded and, unless its
/// phones are already known (run --say: the synthesiser's exact timings, which the recogniser would only approximate),
/// recognised before the first frame (about 0.4× the file's length in CPU; bounded utterances keep memory flat), so
/// rendering never waits on the recogniser. Null when the model has no generator (it keeps its audio network's mouth).
/// Live sources are not served here: phones of an utterance exist only when it ends, which would add up to the
/// utterance length (≤ 5 s) of latency.
/// </summary>
public static class FileMouthTrack
{
    /// <param name="knownPhones">The file's phones (times from its first sample), or null to recognise them.</param>
    public static IMouthSource? For(AvatarModel model, string audioPath, IReadOnlyList<TimedPhone>? knownPhones = null)
    {
        if (model.Mouth is not { } generator) return null;
        float[] pcm = AudioDecoder.DecodeFloat(audioPath);
        // Frame i of the run covers [i, i + 1) × 40 ms of the file, as the streaming features do.
        if (knownPhones is not null)
            return PhoneMouthTrack.FromPhones(generator, knownPhones, pcm, AudioDecoder.SampleRate, 25.0);
        using var recognizer = new PhoneRecognizer();
        return PhoneMouthTrack.Recognize(generator, recognizer, pcm, 25.0);
    }
}
