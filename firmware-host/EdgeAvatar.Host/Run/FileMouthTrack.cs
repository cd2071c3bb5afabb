using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Media;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Mouth;

namespace EdgeAvatar.Host.Run;

/// <summary>
/// The mouth source of an audio file for a model that carries a generator: the whole file is decoded and its phones
/// recognised before the first frame (about 0.4× the file's length in CPU; bounded utterances keep memory flat), so
/// rendering never waits on the recogniser. Null when the model has no generator (it keeps its audio network's mouth).
/// Live sources are not served here: phones of an utterance exist only when it ends, which would add up to the
/// utterance length (≤ 5 s) of latency.
/// </summary>
public static class FileMouthTrack
{
    public static IMouthSource? For(AvatarModel model, string audioPath)
    {
        if (model.Mouth is not { } generator) return null;
        float[] pcm = AudioDecoder.DecodeFloat(audioPath);
        using var recognizer = new PhoneRecognizer();
        // Frame i of the run covers [i, i + 1) × 40 ms of the file, as the streaming features do.
        return PhoneMouthTrack.Recognize(generator, recognizer, pcm, 25.0);
    }
}
