using System.Diagnostics;
using EdgeAvatar.Compute;
using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Render.Vulkan;
using EdgeAvatar.Train.Data;
using EdgeAvatar.Train.Head;
using EdgeAvatar.Train.Head.Vulkan;
using EdgeAvatar.Train.TorsoStage;
using EdgeAvatar.Train.Kernels.Optimizers;

namespace EdgeAvatar.Train.Training;

/// <summary>
/// Runs a preset's schedule on a training set: head stage, then torso stage (head frozen), with Adam per parameter
/// kind, exponential learning-rate decay per stage, periodic occupancy refresh, progress reports and checkpoints.
/// Deterministic for a seed on one machine: each step draws from its own RNG seeded by (seed, step), so a resumed
/// run takes exactly the steps an uninterrupted one would.
/// With a Vulkan device the head field's forward and backward, and Adam on the head grids, run on the GPU
/// (<see cref="VulkanHeadFieldTrainer"/>); the grids then live on the device and come back to the host for
/// checkpoints and at the end of the head stage. Float atomics make such a run reproducible to rounding only.
/// </summary>
public sealed class AvatarTrainer : IDisposable
{
    private readonly TrainingSet _data;
    private readonly TrainPreset _preset;
    private readonly float[] _gradients, _m, _v;
    private readonly int[] _trainFrames;
    private readonly HeadStepper _head;
    private readonly TorsoStepper _torso;
    private readonly OccupancyUpdater _occupancy;
    private readonly AdamConfig _adam = new();
    private readonly VulkanHeadFieldTrainer? _gpu;
    private float[] _rgbScratch = [];
    private int[] _zeroRays = [];

    /// <param name="device">Run the head field on this Vulkan device (not owned); null: the C# kernels.</param>
    public AvatarTrainer(TrainingSet data, TrainPreset preset, Checkpoint? resume = null, ComputeDevice? device = null)
    {
        _data = data;
        _preset = preset;
        var manifest = data.Manifest;
        _trainFrames = TrainingSet.TrainFrameIndices(manifest);
        if (_trainFrames.Length == 0)
            throw new Common.EdgeAvatarException(Common.ExitCodes.DataError, "the dataset has no valid training frames.");
        Model = AvatarModelFactory.ForTraining(data, preset.Model, _trainFrames, preset.Seed);
        if (resume is not null)
        {
            if (resume.Parameters.Length != Model.Parameters.Length || resume.Density.Length != Model.Occupancy.CellCount)
                throw new Common.EdgeAvatarException(Common.ExitCodes.DataError,
                    "the checkpoint does not match this run's model configuration; start a new run directory.");
            resume.Parameters.CopyTo(Model.Parameters, 0);
            resume.Density.CopyTo(Model.Occupancy.Density, 0);
            if (resume.Density.Any(d => d != 0)) Model.Occupancy.RebuildBitfield();
            NextStep = resume.Step;
        }
        _gradients = new float[Model.Parameters.Length];
        _m = resume?.M ?? new float[Model.Parameters.Length];
        _v = resume?.V ?? new float[Model.Parameters.Length];
        IHeadFieldPass? pass = null;
        if (device is not null)
        {
            _gpu = new VulkanHeadFieldTrainer(device, preset.Model.Head);
            _gpu.Load(Model.Parameters, Model.Blocks.Head, _m, _v);
            pass = new VulkanHeadFieldPass(_gpu, Model.Occupancy);
        }
        _head = new HeadStepper(data, Model, preset, _gradients, pass);
        _torso = new TorsoStepper(data, Model, preset, _gradients);
        // One refresh after every OccupancyInterval-th head step: the count so far fixes the next refresh's phase.
        _occupancy = new OccupancyUpdater(new HeadField(preset.Model.Head), _gpu is null ? null : GpuDensity)
        {
            Updates = Math.Min(NextStep, preset.HeadSteps) / preset.OccupancyInterval,
        };
        Device = DeviceChoice.Describe(device);
    }

    /// <summary>Where the head field runs, for the progress header.</summary>
    public string Device { get; }

    public AvatarModel Model { get; }

    /// <summary>The next step to run (0-based); equals TotalSteps when training is complete.</summary>
    public int NextStep { get; private set; }

    public int TotalSteps => _preset.TotalSteps;

    public IReadOnlyList<int> TrainFrames => _trainFrames;

    public Checkpoint Snapshot()
    {
        SyncFromDevice();
        return new(NextStep, Model.Parameters, _m, _v, Model.Occupancy.Density);
    }

    /// <summary>Brings the device's head grids and their moments into the host arrays (no-op on the CPU path).</summary>
    private void SyncFromDevice() => _gpu?.DownloadGrids(Model.Parameters, _m, _v);

    /// <summary>σ at occupancy query points from the device's current grids (direction is irrelevant to σ).</summary>
    private void GpuDensity(ReadOnlySpan<float> positions, ReadOnlySpan<float> audio, float eye, ReadOnlySpan<float> latent,
        Span<float> sigma)
    {
        int n = sigma.Length;
        if (_rgbScratch.Length < 3 * n) { _rgbScratch = new float[3 * n]; _zeroRays = new int[n]; }
        _gpu!.Forward(positions, _zeroRays.AsSpan(0, n), OccupancyUpdater.QueryDirection, audio, eye, latent, sigma,
            _rgbScratch.AsSpan(0, 3 * n));
    }

    public void Dispose() => _gpu?.Dispose();

    /// <summary>
    /// Runs steps until <see cref="TotalSteps"/> or <paramref name="stopAtStep"/>, whichever comes first; calls
    /// <paramref name="save"/> every CheckpointSeconds, at the end, and when <paramref name="ct"/> stops the run
    /// (after the step in progress, before OperationCanceledException).
    /// </summary>
    public void Run(int stopAtStep, IProgress<TrainingProgress>? progress, Action<Checkpoint> save, CancellationToken ct)
    {
        int end = Math.Min(TotalSteps, stopAtStep);
        var clock = Stopwatch.StartNew();
        double lastSave = 0, emaLoss = double.NaN;
        int firstStep = NextStep, savedStep = NextStep;
        while (NextStep < end)
        {
            if (ct.IsCancellationRequested)
            {
                // Stopped (SIGINT/SIGTERM, a time limit): keep every finished step, not only those up to the last
                // periodic checkpoint. A step is never cut in half, so the snapshot is a consistent state.
                if (NextStep > savedStep) save(Snapshot());
                ct.ThrowIfCancellationRequested();
            }
            int step = NextStep;
            var rng = new Random(unchecked(_preset.Seed * 1_000_003 + step));
            int frame = _trainFrames[rng.Next(_trainFrames.Length)];
            Array.Clear(_gradients);
            StepStats stats;
            string stage;
            if (step < _preset.HeadSteps)
            {
                stage = "head";
                bool attention = step >= (int)(_preset.AttentionStartFraction * _preset.HeadSteps);
                bool lips = step >= (int)((1f - _preset.LipsStageFraction) * _preset.HeadSteps);
                stats = _head.Step(frame, attention, lips, rng);
                Optimise(HeadGroups(attention), step);
                if (_gpu is not null)
                {
                    float lr = _preset.GridLearningRate * Decay(step, _preset.HeadSteps);
                    _gpu.StepGrids(step + 1, lr, lr);
                    _gpu.UploadNetworks(Model.Parameters);
                    if (step + 1 == _preset.HeadSteps) SyncFromDevice();
                }
                if ((step + 1) % _preset.OccupancyInterval == 0)
                    _occupancy.Update(Model.Occupancy, Model.Parameters, Model.Blocks.Head, _head.LastAudioCode,
                        (float)_data.Manifest.Frames[frame].Eye, Model.HeadLatent(frame), _preset.OccupancyPhases, (uint)step);
            }
            else
            {
                stage = "torso";
                stats = _torso.Step(frame, rng);
                Optimise(TorsoGroups(), step - _preset.HeadSteps);
            }
            NextStep = step + 1;
            emaLoss = double.IsNaN(emaLoss) || step == _preset.HeadSteps ? stats.Mse : 0.95 * emaLoss + 0.05 * stats.Mse;

            double elapsed = clock.Elapsed.TotalSeconds;
            bool checkpoint = NextStep == end || elapsed - lastSave >= _preset.CheckpointSeconds;
            if (checkpoint)
            {
                save(Snapshot());
                lastSave = elapsed;
                savedStep = NextStep;
            }
            double rate = (NextStep - firstStep) / Math.Max(elapsed, 1e-6);
            progress?.Report(new TrainingProgress(NextStep, TotalSteps, stage, emaLoss,
                emaLoss > 0 ? -10 * Math.Log10(emaLoss) : 100, rate,
                TimeSpan.FromSeconds((end - NextStep) / Math.Max(rate, 1e-6)), stats.Samples, checkpoint));
        }
    }

    private void Optimise(IReadOnlyList<AdamParameterGroup> groups, int stageStep)
    {
        CpuAdam.Step(_adam, groups, stageStep + 1, Model.Parameters, _gradients, _m, _v);
    }

    private float Decay(int stageStep, int stageSteps)
        => MathF.Pow(_preset.FinalLearningRateFraction, stageStep / (float)Math.Max(1, stageSteps));

    private List<AdamParameterGroup> HeadGroups(bool attention)
    {
        float k = Decay(NextStep, _preset.HeadSteps);
        var b = Model.Blocks;
        var groups = new List<AdamParameterGroup>();
        // On the GPU path the grids are stepped on the device (their gradients never reach the host).
        if (b.Head.LandmarkGrid is { } landmarkGrid)
        {
            // r2talker (CPU only): the landmark grid and condition network replace the ambient blocks, and the audio
            // network, attention and probe are not trained: no audio reaches this head.
            groups.Add(new(b.Head.SpatialGrid.Offset, b.Head.SpatialGrid.Count, _preset.GridLearningRate * k));
            groups.Add(new(landmarkGrid.Offset, landmarkGrid.Count, _preset.GridLearningRate * k));
            foreach (var block in new[] { b.Head.ConditionNetwork!, b.Head.SigmaMlp, b.Head.ColorMlp, b.Head.Latents })
                groups.Add(new(block.Offset, block.Count, _preset.NetworkLearningRate * k));
            return groups;
        }
        if (b.Head.TriPlane is { } plane)
        {
            // ernerf: the planes at the grid rate (on the device on the GPU path), both attention MLPs at the network
            // rate (ER-NeRF's choice); the audio network, its attention and probe train as for radnerf.
            if (_gpu is null)
                groups.Add(new(plane.Offset, plane.Count, _preset.GridLearningRate * k));
            foreach (var block in new[] { b.Head.AudioAttention!, b.Head.EyeAttention! })
                groups.Add(new(block.Offset, block.Count, _preset.NetworkLearningRate * k));
        }
        else
        {
            if (_gpu is null)
                foreach (var block in new[] { b.Head.SpatialGrid, b.Head.AmbientGrid })
                    groups.Add(new(block.Offset, block.Count, _preset.GridLearningRate * k));
            groups.Add(new(b.Head.AmbientMlp.Offset, b.Head.AmbientMlp.Count, _preset.NetworkLearningRate * k));
        }
        foreach (var block in new[] { b.Head.SigmaMlp, b.Head.ColorMlp, b.Head.Latents, b.AudioNet })
            groups.Add(new(block.Offset, block.Count, _preset.NetworkLearningRate * k));
        if (b.MouthProbe is { } probe)
            groups.Add(new(probe.Offset, probe.Count, _preset.NetworkLearningRate * k));
        if (attention)
            groups.Add(new(b.AudioAttention.Offset, b.AudioAttention.Count,
                _preset.NetworkLearningRate * _preset.AttentionLearningRateScale * k));
        return groups;
    }

    private List<AdamParameterGroup> TorsoGroups()
    {
        float k = Decay(NextStep - _preset.HeadSteps, _preset.TorsoSteps) * _preset.TorsoLearningRateScale;
        var b = Model.Blocks;
        var groups = new List<AdamParameterGroup>();
        foreach (var (_, offset, count, isGrid) in _torso.ParameterGroups)
            groups.Add(new(b.Torso.Offset + offset, count, (isGrid ? _preset.GridLearningRate : _preset.NetworkLearningRate) * k));
        groups.Add(new(b.TorsoLatents.Offset, b.TorsoLatents.Count, _preset.NetworkLearningRate * k));
        // ER-NeRF trains its anchors with the torso at the network rate.
        if (b.TorsoAnchors is { } anchors)
            groups.Add(new(anchors.Offset, anchors.Count, _preset.NetworkLearningRate * k));
        return groups;
    }
}
