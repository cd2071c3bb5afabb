using System.Numerics;
using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Train.Data;
using EdgeAvatar.Train.Head;
using EdgeAvatar.Train.Tests.Training;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.Tests.Head;

/// <summary>
/// <see cref="TrainPreset.MouthGapRayFraction"/> inside a head step on the tiny real dataset: the share of the step's rays
/// that go through the box around the frame's recorded inner lips (dlib 60–67, 2 pixels around), read back from the
/// rays the head field was given.
/// </summary>
[Collection(TinyRunCollection.Name)]
public sealed class HeadStepperMouthGapTests(TinyRun run)
{
    private const int Frame = 3;

    /// <summary>Passes everything to the C# pass and keeps the directions of the last rays rendered.</summary>
    private sealed class RecordingPass(IHeadFieldPass inner) : IHeadFieldPass
    {
        public float[] Directions { get; private set; } = [];

        public RaySamples Samples => inner.Samples;

        public void Render(ReadOnlySpan<float> parameters, HeadParameters blocks, ReadOnlySpan<float> origins,
            ReadOnlySpan<float> directions, ReadOnlySpan<float> audio, float eye, ReadOnlySpan<float> latent,
            Span<float> color, Span<float> opacity, uint jitterSeed)
        {
            Directions = directions.ToArray();
            inner.Render(parameters, blocks, origins, directions, audio, eye, latent, color, opacity, jitterSeed);
        }

        public void Backward(ReadOnlySpan<float> parameters, HeadParameters blocks, ReadOnlySpan<float> gradColor,
            ReadOnlySpan<float> gradOpacity, ReadOnlySpan<RayRegion> regions, float ambientWeight, float lipsGateWeight,
            Span<float> gradients, Span<float> gradAudio, Span<float> gradLatent, float attentionWeight = 0f)
            => inner.Backward(parameters, blocks, gradColor, gradOpacity, regions, ambientWeight, lipsGateWeight, gradients,
                gradAudio, gradLatent, attentionWeight);
    }

    /// <summary>Share of one step's rays whose pixel lies in the frame's inner-lip box.</summary>
    private static double ShareInGap(TinyRun run, float gapShare)
    {
        var preset = TinyRun.Preset with { MouthGapRayFraction = gapShare };
        Assert.Empty(preset.Validate());
        RecordingPass? pass = null;
        var (_, data, model) = TinyHeadStep.Run(run, preset, Frame, attention: true, seed: 5,
            pass: m => pass = new RecordingPass(new CpuHeadFieldPass(new HeadField(m.Config.Head), m.Occupancy)));

        // The box, from the landmarks file directly: inner-lip extremes, floored / ceiled, 2 pixels around.
        var lm = data.Reader.ReadLandmarks().AsSpan(Frame * 136, 136);
        float x0 = float.MaxValue, y0 = float.MaxValue, x1 = float.MinValue, y1 = float.MinValue;
        for (int i = 60; i < 68; i++)
        {
            x0 = Math.Min(x0, lm[2 * i]); x1 = Math.Max(x1, lm[2 * i]);
            y0 = Math.Min(y0, lm[2 * i + 1]); y1 = Math.Max(y1, lm[2 * i + 1]);
        }
        int left = (int)MathF.Floor(x0) - 2, top = (int)MathF.Floor(y0) - 2, right = (int)MathF.Ceiling(x1) + 2, bottom = (int)MathF.Ceiling(y1) + 2;

        // Each ray's pixel: its direction in the camera's axes (OpenGL: the camera looks down −z).
        var c = model.Camera;
        var camera = new PinholeCamera(c.Width, c.Height, c.Fx, c.Fy, c.Cx, c.Cy, data.CameraToWorld(Frame));
        int rays = pass!.Directions.Length / 3, inside = 0;
        for (int r = 0; r < rays; r++)
        {
            var d = new Vector3(pass.Directions[3 * r], pass.Directions[3 * r + 1], pass.Directions[3 * r + 2]);
            float depth = -Vector3.Dot(d, camera.AxisZ);
            float u = camera.Cx + camera.Fx * Vector3.Dot(d, camera.AxisX) / depth;
            float v = camera.Cy - camera.Fy * Vector3.Dot(d, camera.AxisY) / depth;
            if (u >= left && u < right && v >= top && v < bottom) inside++;
        }
        Assert.Equal(preset.RaysPerStep, rays);
        return inside / (double)rays;
    }

    [SkippableFact]
    public void A_gap_share_sends_that_share_of_rays_through_the_inner_lips_and_none_leaves_it_to_the_lips_box()
    {
        Skip.IfNot(run.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        double without = ShareInGap(run, 0), with = ShareInGap(run, 0.4f);
        Assert.True(with >= 0.4, $"{with:P1} of the rays in the gap box with a share of 0.4");
        Assert.True(without < 0.2, $"{without:P1} of the rays in the gap box with no gap share");
    }
}
