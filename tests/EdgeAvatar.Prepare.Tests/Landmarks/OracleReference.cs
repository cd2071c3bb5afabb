using System.Text.Json;
using EdgeAvatar.Prepare.Detection;
using EdgeAvatar.Prepare.Tests.TestSupport;

namespace EdgeAvatar.Prepare.Tests.Landmarks;

/// <summary>
/// The committed dlib C++ reference (tests/oracles/dlib/landmarks-reference.json): per frame the clip, frame index,
/// dlib's HOG box (inclusive corners) and dlib's 68 integer landmarks. Frame selection mirrors make-reference.sh.
/// </summary>
public sealed record OracleReference(IReadOnlyList<OracleFrame> Frames)
{
    public const string RelativePath = "tests/oracles/dlib/landmarks-reference.json";

    /// <summary>(clip, step, count) exactly as make-reference.sh extracts them.</summary>
    internal static readonly (string Clip, int Step, int Count)[] Selection =
    [
        ("cnn_anchor_71s_512.mp4", 64, 28),
        ("german_anchor_20s_512.mp4", 42, 12),
    ];

    internal static OracleReference? TryLoad()
    {
        var path = SampleClips.FindUp(RelativePath);
        if (path is null)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var frames = new List<OracleFrame>();
        foreach (var f in doc.RootElement.GetProperty("frames").EnumerateArray())
        {
            var b = f.GetProperty("box").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var pts = f.GetProperty("points").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            frames.Add(new OracleFrame(f.GetProperty("clip").GetString()!, f.GetProperty("index").GetInt32(),
                new FaceBox(b[0], b[1], b[2] - b[0] + 1, b[3] - b[1] + 1), pts));
        }
        return new OracleReference(frames);
    }
}
