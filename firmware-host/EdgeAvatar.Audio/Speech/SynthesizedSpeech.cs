using EdgeAvatar.Audio.Phones;

namespace EdgeAvatar.Audio.Speech;

/// <summary>
/// One synthesised utterance: mono s16 PCM at <see cref="SampleRate"/> and what was said when, as CMU phones (+ SIL)
/// whose spans tile [0, <see cref="Duration"/>) in seconds from the first sample.
/// </summary>
public sealed record SynthesizedSpeech(short[] Pcm, int SampleRate, IReadOnlyList<TimedPhone> Phones)
{
    public double Duration => Pcm.Length / (double)SampleRate;

    /// <summary>The engine's own phoneme mnemonics in the order said (diagnostics: which names the table met).</summary>
    public IReadOnlyList<string> EngineMnemonics { get; init; } = [];
}
