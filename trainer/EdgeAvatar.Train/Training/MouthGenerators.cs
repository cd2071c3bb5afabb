namespace EdgeAvatar.Train.Training;

/// <summary>The values of <see cref="TrainPreset.MouthGenerator"/> (run.json stores the string).</summary>
public static class MouthGenerators
{
    /// <summary>No generator: the audio network's prediction fills the mouth entries, on every device path.</summary>
    public const string None = "none";

    /// <summary>A phone-and-loudness generator fitted on the clip (needs the PocketSphinx recogniser at train time).</summary>
    public const string Phones = "phones";
}
