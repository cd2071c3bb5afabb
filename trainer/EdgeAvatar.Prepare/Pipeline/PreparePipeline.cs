using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EdgeAvatar.Audio;
using EdgeAvatar.Common;
using EdgeAvatar.Common.Progress;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Prepare.Detection;
using EdgeAvatar.Prepare.Landmarks;
using EdgeAvatar.Prepare.Pose;
using EdgeAvatar.Prepare.Segmentation;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>
/// <c>prepare</c> end to end: probe → plan crop → decode+track (+ lossless frames, audio concurrently) → repair short
/// losses → pose → background plate → segmentation (+ contact sheet, qa.mp4) → manifest. Everything is built in a
/// temporary sibling of the output directory and renamed into place only when complete
/// (<see cref="AtomicFile.WriteDirectory"/>): on any failure or cancellation no dataset (and no partial directory)
/// is left, and an existing dataset replaced with --force stays intact until the new one is whole.
/// Failures are <see cref="EdgeAvatarException"/>s with the documented exit codes (see PrepareCommand); write
/// failures inside the dataset (disk full, permissions) become <see cref="ExitCodes.IoError"/>.
/// </summary>
public static class PreparePipeline
{
    /// <summary>How long a failure waits for a Ctrl+C that may be racing it (see <see cref="Run"/>).</summary>
    private const int CancellationGraceMs = 300;

    public static PrepareReport Run(PrepareOptions options, ProgressReporter progress, CancellationToken ct)
    {
        try
        {
            return RunStages(options, progress, ct);
        }
        catch (EdgeAvatarException) when (ct.IsCancellationRequested || ct.WaitHandle.WaitOne(CancellationGraceMs))
        {
            // Ctrl+C in a terminal signals the whole process group: ffmpeg/ffprobe often die (and we see a broken pipe)
            // before .NET's handler cancels the token, and their deaths look like bad input. Report the real cause.
            throw new OperationCanceledException(ct);
        }
    }

    private static PrepareReport RunStages(PrepareOptions options, ProgressReporter progress, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        var stages = new List<KeyValuePair<string, double>>();
        var clock = Stopwatch.StartNew();
        void Lap(string name)
        {
            stages.Add(new(name, clock.Elapsed.TotalSeconds));
            clock.Restart();
        }

        Validate(options);
        string output = Path.GetFullPath(options.OutputDirectory);
        if ((Directory.Exists(output) || File.Exists(output)) && !options.Force)
            throw new EdgeAvatarException(ExitCodes.IoError, $"Output '{options.OutputDirectory}' already exists; use --force to replace it.");
        if (File.Exists(output))
            throw new EdgeAvatarException(ExitCodes.IoError, $"Output '{options.OutputDirectory}' is a file, not a dataset directory.");

        MediaTools tools = options.Tools;
        MediaInfo info = MediaProbe.Probe(options.VideoPath, MediaNeeds.VideoAndAudio, tools);
        VideoStreamInfo video = info.RequireVideo();
        double duration = info.DurationSeconds ?? video.DurationSeconds ?? 0;
        if (duration < options.MinDurationSeconds)
            throw new EdgeAvatarException(ExitCodes.DataError, string.Create(CultureInfo.InvariantCulture,
                $"'{options.VideoPath}' lasts {duration:F2} s; prepare needs at least {options.MinDurationSeconds:F0} s of video (a minute or more trains best)."));

        var detector = new HaarFaceDetector(HaarCascade.Load(options.CascadePath));
        var predictor = new ShapePredictor(ShapePredictorModel.Load(options.ShapePredictorPath, options.ModelCacheDirectory));
        Lap("probe");

        CropPlan plan = CropPlanner.Plan(info, detector, tools, ct);
        progress.Note(string.Create(CultureInfo.InvariantCulture,
            $"[plan] {video.Width}x{video.Height} → crop {plan.Crop.Width}x{plan.Crop.Height}+{plan.Crop.X}+{plan.Crop.Y} → {options.Size}x{options.Size} @ {options.Fps} fps (face in {plan.FramesWithFace}/{plan.SampledFrames} samples)"));
        Lap("plan");

        var readOptions = new VideoReadOptions
        {
            Fps = Rational.FromInt(options.Fps),
            Crop = plan.Crop,
            OutputWidth = options.Size,
            OutputHeight = options.Size,
        };
        int expectedFrames = (int)Math.Round(duration * options.Fps);
        PrepareReport? report = null;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(output) ?? ".");
            AtomicFile.WriteDirectory(output, temp =>
            {
                DatasetFiles files = DatasetFiles.Default;
                string P(string name) => Path.Combine(temp, name);

                // Audio on its own thread: it needs only the source and overlaps the sequential tracking pass.
                // Its frame count is known only after tracking, so it decodes now and aligns later.
                Task<(short[] Pcm, double Seconds)> pcmTask = Task.Run(() =>
                {
                    var audioClock = Stopwatch.StartNew();
                    return (AudioDecoder.DecodeS16(options.VideoPath, tools), audioClock.Elapsed.TotalSeconds);
                }, ct);

                TrackingResult tracking;
                using (VideoEncoder frameWriter = VideoEncoder.Create(P(files.Frames), new VideoEncoderOptions
                {
                    Width = options.Size, Height = options.Size, Fps = Rational.FromInt(options.Fps), Lossless = true, Preset = "ultrafast",
                }, tools))
                {
                    var tracker = new FaceTracker(detector, predictor);
                    tracking = TrackingStage.Run(options.VideoPath, readOptions, tracker, frameWriter, expectedFrames, progress, tools, ct);
                    if (tracking.FrameCount >= 2) frameWriter.Complete();
                }
                if (tracking.FrameCount < 2)
                    throw new EdgeAvatarException(ExitCodes.DataError, $"'{options.VideoPath}' decoded to only {tracking.FrameCount} frames.");
                LandmarkTrack track = LostFrameRepair.Repair(tracking.Landmarks, options.MaxLostFrames, options.Fps, Path.GetFileName(options.VideoPath));
                Lap("track");

                HeadPoseResult pose = PoseStage.Run(track, options.Size, options.Fps, options.Threads);
                Lap("pose");

                var (pcm, audioDecodeSeconds) = pcmTask.GetAwaiter().GetResult();
                AudioStageResult audio = AudioStage.Run(pcm, track.FrameCount, options.Fps);
                WavWriter.Write(P(files.AudioWav), audio.Pcm, audio.Config.SampleRate);
                DatasetWriter.WriteFloats(P(files.AudioFeatures), audio.Features);
                Lap("audio");

                var (plate, plateKind) = PlateStage.Run(options, info, plan.Crop, tracking, track, ct);
                DatasetWriter.WriteBackground(P(files.Background), plate);
                Lap("plate");

                var sheet = new ContactSheet(track.FrameCount, options.Size);
                int qaFrames = Math.Min(track.FrameCount, (int)Math.Round(options.QaSeconds * options.Fps));
                SegmentationFrameInfo[] segInfo;
                int planeBytes = options.Size * options.Size;
                using (var labels = new MaskPlaneWriter(P(files.Labels), planeBytes))
                using (var alpha = new MaskPlaneWriter(P(files.Alpha), planeBytes))
                using (var faceMask = new MaskPlaneWriter(P(files.FaceMask), planeBytes))
                using (var qa = new QaVideo(P(files.QaVideo), options.Size, options.Fps, qaFrames, P(files.AudioWav), tools))
                {
                    segInfo = SegmentationStage.Run(options.VideoPath, readOptions, track, pose, plate,
                        new SegmentationOutputs(labels, alpha, faceMask, sheet, qa), options.Threads, progress, tools, ct);
                    labels.Complete();
                    alpha.Complete();
                    faceMask.Complete();
                    qa.Complete();
                }
                Lap("segment");

                sheet.Write(P(files.ContactSheet));
                DatasetWriter.WriteLandmarks(P(files.Landmarks), track);
                DatasetManifest manifest = BuildManifest(options, info, plan, track, tracking, pose, audio, plate, plateKind, segInfo);
                DatasetWriter.WriteManifest(temp, manifest);
                Lap("write");

                stages.Insert(stages.FindIndex(s => s.Key == "pose"), new("(audio-decode)", audioDecodeSeconds));
                report = new PrepareReport
                {
                    Dataset = output,
                    Frames = track.FrameCount,
                    Size = options.Size,
                    Fps = options.Fps,
                    ValidFraction = track.ValidFraction,
                    InterpolatedFrames = track.Valid.Count(v => !v),
                    ReprojectionMedianPx = pose.MedianErrorPx,
                    ReprojectionP95Px = pose.P95ErrorPx,
                    FocalPx = pose.FocalPx,
                    Background = plateKind,
                    BackgroundObservedFraction = plate.ObservedFraction,
                    StageSeconds = stages,
                    TotalSeconds = 0,
                    DatasetBytes = new DirectoryInfo(temp).EnumerateFiles().Sum(f => f.Length),
                };
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeAvatarException(ExitCodes.IoError, $"Cannot write the dataset '{options.OutputDirectory}': {e.Message}", e);
        }
        return report! with { TotalSeconds = total.Elapsed.TotalSeconds };
    }

    private static void Validate(PrepareOptions o)
    {
        if (o.Size < 64 || o.Size > 4096 || o.Size % 2 != 0)
            throw new EdgeAvatarException(ExitCodes.Usage, $"--size {o.Size}: must be even and between 64 and 4096.");
        if (o.Fps < 1 || o.Fps > 120)
            throw new EdgeAvatarException(ExitCodes.Usage, $"--fps {o.Fps}: must be between 1 and 120.");
        if (o.BackgroundPath is not null && o.ChromaColour is not null)
            throw new EdgeAvatarException(ExitCodes.Usage, "--background and --chroma are exclusive.");
        if (o.ChromaColour is string c) BackgroundPlate.ParseColour(c);
        if (o.MaxLostFrames < 0) throw new EdgeAvatarException(ExitCodes.Usage, "MaxLostFrames must be ≥ 0.");
    }

    private static DatasetManifest BuildManifest(PrepareOptions o, MediaInfo info, CropPlan plan, LandmarkTrack track,
        TrackingResult tracking, HeadPoseResult pose, AudioStageResult audio, BackgroundPlate plate, string plateKind,
        SegmentationFrameInfo[] seg)
    {
        VideoStreamInfo v = info.RequireVideo();
        var frames = new DatasetFrame[track.FrameCount];
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i] = new DatasetFrame(i, pose.CameraToWorld[i], Math.Round(seg[i].EyeOpenness, 4),
                DatasetBox.From(seg[i].LipsBox),
                DatasetWriter.FaceBox(track.Landmarks[i], o.Size), track.Valid[i]);
        }
        var interpolated = Enumerable.Range(0, track.FrameCount).Where(i => !track.Valid[i]).ToList();
        string? chroma = plate.ChromaKey is var (r, g, b) ? $"#{r:x2}{g:x2}{b:x2}" : null;
        return new DatasetManifest
        {
            CreatedBy = $"edgeavatar-train prepare {typeof(PreparePipeline).Assembly.GetName().Version}",
            Source = new DatasetSource(Path.GetFileName(o.VideoPath), info.DurationSeconds ?? 0, v.Width, v.Height, v.FrameRate.ToDouble()),
            Crop = new DatasetBox(plan.Crop.X, plan.Crop.Y, plan.Crop.Width, plan.Crop.Height),
            Width = o.Size,
            Height = o.Size,
            Fps = o.Fps,
            FrameCount = track.FrameCount,
            Intrinsics = new CameraIntrinsics(o.Size, o.Size, (float)pose.FocalPx, (float)pose.FocalPx, (float)pose.Cx, (float)pose.Cy),
            PoseQuality = new DatasetPoseQuality(pose.MedianErrorPx, pose.P95ErrorPx, pose.RigidMedianErrorPx, pose.RigidP95ErrorPx),
            Tracking = new DatasetTracking(o.MaxLostFrames, tracking.Detections, interpolated),
            Background = new DatasetBackground(plateKind, plate.ObservedFraction, chroma),
            Frames = frames,
            Split = DatasetSplit.For(track.FrameCount),
            Audio = new DatasetAudio(
                JsonDocument.Parse(audio.Config.ToJson()).RootElement.Clone(),
                JsonDocument.Parse(audio.Normalization.ToJson()).RootElement.Clone(),
                DatasetFiles.Default.AudioFeatures, audio.FeatureFrames, audio.Config.MelBands, FeaturesNormalized: false,
                audio.PaddedFrames, DatasetFiles.Default.AudioWav, audio.Config.SampleRate, audio.DurationSeconds),
            Files = DatasetFiles.Default,
        };
    }
}
