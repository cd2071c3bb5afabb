using EdgeAvatar.Prepare.Segmentation;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Train.Data;
using EdgeAvatar.Train.Tests.Training;
using EdgeAvatar.Train.TorsoStage;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.Tests.Torso;

/// <summary>
/// The torso behind the head: the head stage learns the head over the plate on head pixels, and the renderer draws
/// the head over the torso everywhere in the torso region, so the torso must learn to leave the plate there. When it
/// was never trained on head pixels, whatever it drew there showed through the not-quite-opaque head and stopped at
/// the region's top edge: a horizontal seam across the forehead (#24 item 7).
/// </summary>
[Collection(TinyRunCollection.Name)]
public sealed class TorsoStepperTests(TinyRun run)
{
    [SkippableFact]
    public void Head_pixels_inside_the_torso_region_teach_the_torso_to_show_the_plate()
    {
        var (data, model, frame) = FirstTrainingFrame();
        // The whole frame labelled head: any step now comes from the head-pixel target alone.
        Array.Fill(data.Labels[frame], PartLabels.Head);
        var gradients = new float[model.Parameters.Length];
        var stepper = new TorsoStepper(data, model, TinyRun.Preset, gradients);

        StepStats before = stepper.Step(frame, new Random(7));

        Assert.True(before.Samples > 0, "no torso-region pixel was trained: the torso behind the head is left untrained");
        Assert.True(before.Mse > 0, "the initial torso already shows exactly the plate; the test proves nothing");
        // A small enough step against the gradient lowers the error against the plate (same pixels: same seed).
        float[] start = (float[])model.Parameters.Clone();
        bool lowered = false;
        foreach (float rate in new[] { 1f, 0.1f, 0.01f, 1e-3f })
        {
            for (int i = 0; i < start.Length; i++) model.Parameters[i] = start[i] - rate * gradients[i];
            var probe = new TorsoStepper(data, model, TinyRun.Preset, new float[start.Length]);
            if (probe.Step(frame, new Random(7)).Mse < before.Mse) { lowered = true; break; }
        }
        Assert.True(lowered, "no step along the gradient brought the torso closer to the plate behind the head");
    }

    [SkippableFact]
    public void What_the_recording_shows_behind_the_head_does_not_change_the_torso_step()
    {
        var (data, model, frame) = FirstTrainingFrame();
        byte[] recorded = (byte[])data.Frames[frame].Clone();
        byte[] other = recorded.Select(b => (byte)(255 - b)).ToArray();

        float[] Gradients(byte label, byte[] image)
        {
            Array.Fill(data.Labels[frame], label);
            image.CopyTo(data.Frames[frame], 0);
            var g = new float[model.Parameters.Length];
            new TorsoStepper(data, model, TinyRun.Preset, g).Step(frame, new Random(7));
            return g;
        }

        // Behind the head the target is the plate: the recorded head pixels must not leak into the torso.
        float[] head = Gradients(PartLabels.Head, recorded), headOther = Gradients(PartLabels.Head, other);
        Assert.Contains(head, g => g != 0);
        Assert.Equal(head, headOther);
        // The same pixels labelled torso do follow the recording, so the comparison above can tell the two apart.
        float[] torso = Gradients(PartLabels.Torso, recorded), torsoOther = Gradients(PartLabels.Torso, other);
        Assert.NotEqual(torso, torsoOther);
    }

    [SkippableFact]
    public void Head_pixels_are_trained_beside_the_other_pixels_of_a_step_not_in_their_place()
    {
        var (data, model, frame) = FirstTrainingFrame();
        int width = model.Camera.Width;
        var region = model.TorsoRegion;
        int n = TinyRun.Preset.TorsoPixelsPerStep;

        int Samples(Func<int, byte> labelOfRow)
        {
            byte[] labels = data.Labels[frame];
            for (int px = 0; px < labels.Length; px++) labels[px] = labelOfRow(px / width);
            return new TorsoStepper(data, model, TinyRun.Preset, new float[model.Parameters.Length]).Step(frame, new Random(7)).Samples;
        }

        // No head in the region: exactly the step's count of pixels.
        Assert.Equal(n, Samples(_ => PartLabels.Torso));
        // The region's top third labelled head: still n torso pixels, and the head pixels met on the way on top of them.
        int headRows = region.Y + region.Height / 3;
        int samples = Samples(row => row < headRows ? PartLabels.Head : PartLabels.Torso);
        Assert.InRange(samples, n + n / 4, 2 * n);
    }

    [SkippableFact]
    public void The_pull_towards_the_plate_behind_the_head_scales_with_its_weight_and_is_off_at_zero()
    {
        var (data, model, frame) = FirstTrainingFrame();
        Array.Fill(data.Labels[frame], PartLabels.Head);

        (float[] Gradients, int Samples) Step(float weight)
        {
            var g = new float[model.Parameters.Length];
            var stats = new TorsoStepper(data, model, TinyRun.Preset with { TorsoBehindHeadWeight = weight }, g).Step(frame, new Random(7));
            return (g, stats.Samples);
        }

        var (full, _) = Step(1f);
        var (tenth, _) = Step(0.1f);
        double norm = 0, miss = 0;
        for (int i = 0; i < full.Length; i++)
        {
            norm += (double)full[i] * full[i];
            double d = tenth[i] - 0.1 * full[i];
            miss += d * d;
        }
        Assert.True(norm > 0, "a step behind the head moved no torso parameter; the comparison proves nothing");
        // Linear in the weight, to float rounding: |g(0.1) - 0.1 g(1)| within 1e-4 of |0.1 g(1)|.
        Assert.True(Math.Sqrt(miss) <= 1e-5 * Math.Sqrt(norm), $"off by {Math.Sqrt(miss / norm) * 10:G3} of the expected gradient");
        // At weight 0 the torso behind the head is not trained at all (the rule before the plate target existed).
        var (off, offSamples) = Step(0f);
        Assert.Equal(0, offSamples);
        Assert.DoesNotContain(off, g => g != 0);
    }

    /// <summary>The tiny run's dataset, a fresh model for it, and its first training frame (skips without the tiny run).</summary>
    private (TrainingSet Data, AvatarModel Model, int Frame) FirstTrainingFrame()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        var data = TrainingSet.Load(run.DatasetDirectory);
        int[] frames = TrainingSet.TrainFrameIndices(data.Manifest);
        return (data, AvatarModelFactory.ForTraining(data, TinyRun.Preset.Model, frames, seed: 1), frames[0]);
    }
}
