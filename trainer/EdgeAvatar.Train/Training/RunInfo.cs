namespace EdgeAvatar.Train.Training;

/// <summary>
/// What run.json records: the preset (with the model config), the dataset, and the latent layout (one row per
/// dataset frame; the training frames are the rows a bake averages).
/// </summary>
public sealed record RunInfo(TrainPreset Preset, string Dataset, DateTimeOffset Created, string TrainerVersion,
    int LatentRows, int[] TrainFrames);
