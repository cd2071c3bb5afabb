using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Train.Data;
using EdgeAvatar.Train.Head;
using EdgeAvatar.Train.Tests.Training;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.Tests.Head;

/// <summary>One head step of a fresh model on the tiny real dataset (<see cref="TinyRun"/>), for tests of what a step feeds the field.</summary>
internal static class TinyHeadStep
{
    /// <param name="prepare">Changes the fresh model's parameters before the step (null: none).</param>
    /// <param name="pass">Makes the head field's pass for the model (null: the stepper's own C# pass).</param>
    public static (HeadStepper Trainer, TrainingSet Data, AvatarModel Model) Run(TinyRun run, TrainPreset preset, int frame,
        bool attention, int seed, Action<AvatarModel>? prepare = null, Func<AvatarModel, IHeadFieldPass>? pass = null)
    {
        var data = TrainingSet.Load(run.DatasetDirectory);
        var model = AvatarModelFactory.ForTraining(data, preset.Model, TrainingSet.TrainFrameIndices(data.Manifest), preset.Seed);
        prepare?.Invoke(model);
        var trainer = new HeadStepper(data, model, preset, new float[model.Parameters.Length], pass?.Invoke(model));
        trainer.Step(frame, attention, lipsStage: false, new Random(seed));
        return (trainer, data, model);
    }
}
