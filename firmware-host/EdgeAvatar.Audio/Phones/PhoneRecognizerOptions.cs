namespace EdgeAvatar.Audio.Phones;

/// <summary>
/// Settings of <see cref="PhoneRecognizer"/> (PocketSphinx's allphone search).
/// </summary>
public sealed record PhoneRecognizerOptions
{
    /// <summary>The pocketsphinx-en-us model folder (holds en-us/ and en-us-phone.lm.bin).</summary>
    public string ModelDirectory { get; init; } = PocketSphinxLibrary.DebianModelDirectory;

    /// <summary>
    /// Context-independent phone models (<c>-allphone_ci</c>): several times cheaper, noticeably noisier phones. The
    /// default uses the triphone models.
    /// </summary>
    public bool ContextIndependent { get; init; }

    /// <summary>
    /// Main and phone beams (<c>-beam</c>, <c>-pbeam</c>). The library's defaults (1e-48) are so wide that the allphone
    /// search over triphones costs several times real time; 1e-10 keeps it well below real time.
    /// </summary>
    public double Beam { get; init; } = 1e-10;

    /// <summary>
    /// Beams of the second decoder that re-decodes an utterance whose search the narrow <see cref="Beam"/> lost (see
    /// <see cref="LostSearchSeconds"/>). Several times slower than <see cref="Beam"/>, so it is paid only where needed.
    /// </summary>
    public double FallbackBeam { get; init; } = 1e-20;

    /// <summary>
    /// A speech phone (not silence, not a filler) longer than this means the beam pruned every path and the decoder
    /// stretched one phone over the rest of the utterance; that utterance is decoded again with
    /// <see cref="FallbackBeam"/>. Real phones at speaking rate stay well below it; pauses come out as SIL.
    /// </summary>
    public double LostSearchSeconds { get; init; } = 0.5;

    /// <summary>Phone language-model weight (<c>-lw</c>).</summary>
    public double LanguageWeight { get; init; } = 2.0;

    /// <summary>
    /// Longest utterance fed to the decoder, in seconds. The search keeps state for the whole utterance, so an unbounded
    /// one grows without limit; audio is cut at the quietest 10-ms frame between <see cref="MinUtteranceSeconds"/> and
    /// this length (see <see cref="UtteranceSplitter"/>).
    /// </summary>
    public double MaxUtteranceSeconds { get; init; } = 5.0;

    /// <summary>Shortest utterance before a cut is allowed (except for the audio's tail).</summary>
    public double MinUtteranceSeconds { get; init; } = 2.5;
}
