using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.ErNerf;
using EdgeAvatar.Render.Torso;
using EdgeAvatar.TestSupport;
using EdgeAvatar.Train.Data;
using EdgeAvatar.Train.Tests.Training;
using EdgeAvatar.Train.TorsoStage;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.Tests.Torso;

/// <summary>
/// The torso step with an anchors pose input on a real (tiny) dataset: the step's anchor gradient is the gradient of
/// the step's own loss. One stepper is reused, so a step after the anchors moved must see them (the stepper rebuilds
/// its frame's pose row each step). Checked along the gradient direction with central differences of the float32
/// step (a 1e-3 world-unit move changes the loss by far more than its float32 rounding).
/// </summary>
[Collection(TinyRunCollection.Name)]
public sealed class TorsoStepperAnchorsTests(TinyRun run)
{
    [SkippableFact]
    public void The_torso_steps_anchor_gradient_is_the_slope_of_its_loss()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        var data = TrainingSet.Load(run.DatasetDirectory);
        int[] frames = TrainingSet.TrainFrameIndices(data.Manifest);
        var config = TinyRun.Preset.Model with
        {
            Torso = TinyRun.Preset.Model.Torso with { PoseInput = TorsoConfig.AnchorsPoseInput },
        };
        var model = AvatarModelFactory.ForTraining(data, config, frames, seed: 1);
        var block = model.Blocks.TorsoAnchors!;
        int frame = frames[0];
        var gradients = new float[model.Parameters.Length];
        var stepper = new TorsoStepper(data, model, TinyRun.Preset, gradients);

        double mse = stepper.Step(frame, new Random(7)).Mse;

        float[] g = gradients.AsSpan(block.Offset, block.Count).ToArray();
        double norm = Math.Sqrt(g.Sum(v => (double)v * v));
        Assert.True(norm > 0, "the anchors got no gradient");
        float[] start = model.Parameters.AsSpan(block.Offset, block.Count).ToArray();
        double h = 1e-3 / norm;
        double At(double t)
        {
            for (int i = 0; i < g.Length; i++) model.Parameters[block.Offset + i] = (float)(start[i] + t * g[i]);
            return stepper.Step(frame, new Random(7)).Mse;
        }
        double slope = (At(h) - At(-h)) / (2 * h);
        Assert.Equal(mse, At(0), 12); // the same pixels and anchors give the same loss
        double expected = norm * norm;
        Assert.True(Math.Abs(slope - expected) < 0.05 * expected,
            $"loss slope along the gradient {slope:E3}, squared gradient norm {expected:E3}");
    }

    [SkippableFact]
    public void A_run_with_anchors_moves_them_in_the_torso_stage_and_records_the_choice_in_run_json()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        var preset = TorsoPoseInputs.Apply(TinyPresets.Train("anchors-test", headSteps: 2, torsoSteps: 3,
            checkpointSeconds: 1e9, seed: 3), TorsoConfig.AnchorsPoseInput);
        var dir = Directory.CreateTempSubdirectory("torso-anchors-run-");
        try
        {
            string runDir = Path.Combine(dir.FullName, "run");
            var (trainer, session) = TrainSession.Open(run.DatasetDirectory, runDir, preset, resume: false, null, CancellationToken.None);
            float[] anchors;
            using (trainer)
            {
                trainer.Run(int.MaxValue, null, c => c.Write(session.CheckpointFile), CancellationToken.None);
                var block = trainer.Model.Blocks.TorsoAnchors!;
                anchors = trainer.Model.Parameters.AsSpan(block.Offset, block.Count).ToArray();
            }
            // Adam moved them (the torso stage's groups hold the block), and only a little (the network rate).
            Assert.NotEqual(AdaptivePoseEncoding.ErNerfAnchors, anchors);
            for (int i = 0; i < anchors.Length; i++)
                Assert.InRange(anchors[i] - AdaptivePoseEncoding.ErNerfAnchors[i], -0.05f, 0.05f);
            Assert.Contains("\"poseInput\": \"anchors\"", File.ReadAllText(Path.Combine(runDir, RunDirectory.RunFileName)));
            // Eval and bake read the run through RunModel: the trained anchors, not the initial ones.
            var model = RunModel.Load(runDir, out _, out _);
            var loaded = model.Blocks.TorsoAnchors!;
            Assert.Equal(anchors, model.Parameters.AsSpan(loaded.Offset, loaded.Count).ToArray());
        }
        finally { dir.Delete(recursive: true); }
    }
}
