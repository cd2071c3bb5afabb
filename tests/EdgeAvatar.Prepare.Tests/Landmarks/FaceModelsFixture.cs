using EdgeAvatar.Prepare.Detection;
using EdgeAvatar.Prepare.Imaging;
using EdgeAvatar.Prepare.Landmarks;
using EdgeAvatar.Prepare.Tests.TestSupport;

namespace EdgeAvatar.Prepare.Tests.Landmarks;

/// <summary>
/// Loads the Debian models once per test run (the .dat parse costs 1–2 s) into a private cache directory, and decodes
/// the reference frames once. Anything missing (libdlib-data, opencv-data, ffmpeg, samples) leaves the matching member
/// null and the tests that need it skip with the reason.
/// </summary>
public sealed class FaceModelsFixture : IDisposable
{
    public const int FrameSize = 512;

    public FaceModelsFixture()
    {
        CacheDirectory = Path.Combine(Path.GetTempPath(), "edgeavatar-landmark-tests-" + Guid.NewGuid().ToString("N"));
        if (File.Exists(ShapePredictorModel.DebianModelPath))
        {
            Model = ShapePredictorModel.Load(ShapePredictorModel.DebianModelPath, CacheDirectory);
            Predictor = new ShapePredictor(Model);
        }
        if (File.Exists(HaarCascade.DebianFrontalFaceAlt2))
        {
            Detector = HaarFaceDetector.CreateDefault();
        }
        Reference = OracleReference.TryLoad();
        if (Reference is not null && SampleClips.FfmpegAvailable())
        {
            var frames = new List<(OracleFrame, RgbFrame)>();
            foreach (var (clip, step, count) in OracleReference.Selection)
            {
                var path = SampleClips.SamplePath(clip);
                if (path is null)
                {
                    frames.Clear();
                    break;
                }
                var decoded = SampleClips.EveryNth(path, step, count, FrameSize, FrameSize);
                for (int i = 0; i < decoded.Count; i++)
                {
                    var r = Reference.Frames.FirstOrDefault(f => f.Clip == clip && f.Index == i * step);
                    if (r is not null)
                    {
                        frames.Add((r, decoded[i].ToFrame()));
                    }
                }
            }
            ReferenceFrames = frames.Count > 0 ? frames : null;
        }
    }

    public string CacheDirectory { get; }
    public ShapePredictorModel? Model { get; }
    public ShapePredictor? Predictor { get; }
    public HaarFaceDetector? Detector { get; }
    public OracleReference? Reference { get; }

    /// <summary>Reference entries paired with the same frames decoded here.</summary>
    public IReadOnlyList<(OracleFrame Reference, RgbFrame Frame)>? ReferenceFrames { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(CacheDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
