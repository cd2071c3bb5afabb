namespace EdgeAvatar.Prepare.Dataset;

/// <summary>File names (relative to the dataset directory) of everything prepare writes; DATASET.md gives layouts.</summary>
public sealed record DatasetFiles(
    string Frames,
    string Labels,
    string Alpha,
    string FaceMask,
    string Background,
    string Landmarks,
    string AudioFeatures,
    string AudioWav,
    string ContactSheet,
    string QaVideo)
{
    public static DatasetFiles Default { get; } = new(
        Frames: "frames.mkv",
        Labels: "labels.u8.gz",
        Alpha: "alpha.u8.gz",
        FaceMask: "face_mask.u8.gz",
        Background: "background.png",
        Landmarks: "landmarks.f32",
        AudioFeatures: "audio_features.f32",
        AudioWav: "audio.wav",
        ContactSheet: "contact_sheet.png",
        QaVideo: "qa.mp4");

    public IEnumerable<string> All => [Frames, Labels, Alpha, FaceMask, Background, Landmarks, AudioFeatures, AudioWav, ContactSheet, QaVideo];
}
