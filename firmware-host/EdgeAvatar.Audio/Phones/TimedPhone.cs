namespace EdgeAvatar.Audio.Phones;

/// <summary>
/// One recognised phone: its CMU name (AA … ZH, SIL, or a filler such as +SPN+) and its span in seconds from the start
/// of the audio, [Start, End). Consecutive phones of one utterance tile it without gaps.
/// </summary>
public readonly record struct TimedPhone(string Phone, double Start, double End)
{
    /// <summary>True when <paramref name="seconds"/> lies inside [Start, End).</summary>
    public bool Covers(double seconds) => seconds >= Start && seconds < End;
}
