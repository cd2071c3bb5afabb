using EdgeAvatar.Common;
using EdgeAvatar.Prepare.Landmarks;

namespace EdgeAvatar.Prepare.Tests.Landmarks;

/// <summary>Reading dlib's .dat, its float32 cache, and typed errors for damaged files.</summary>
[Collection(FaceModelsCollection.Name)]
public sealed class ShapePredictorModelTests(FaceModelsFixture models) : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("edgeavatar-sp-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [SkippableFact]
    public void Debian_model_has_the_layout_documented_for_libdlib_data()
    {
        Skip.If(models.Model is null, "libdlib-data model not installed");
        var m = models.Model!;
        // dlib's 68-point model file: 68 points, 15 cascades x 500 trees of depth 4, 500 feature pixels per cascade.
        Assert.Equal(68, m.LandmarkCount);
        Assert.Equal(15, m.CascadeCount);
        Assert.Equal(500, m.TreesPerCascade);
        Assert.Equal(15, m.SplitsPerTree);
        Assert.Equal(500, m.FeaturesPerCascade);
        // The mean shape lives in the unit face box.
        Assert.All(m.InitialShape, v => Assert.InRange(v, -0.2f, 1.2f));
    }

    [SkippableFact]
    public void Cache_round_trip_reproduces_the_parsed_model_and_is_ignored_when_stale()
    {
        Skip.If(models.Model is null, "libdlib-data model not installed");
        var path = ShapePredictorModel.DebianModelPath;
        var cachePath = ShapePredictorCache.CachePath(path, models.CacheDirectory);
        Assert.True(File.Exists(cachePath), "the fixture's load should have written the cache");
        var info = new FileInfo(path);
        var cached = ShapePredictorCache.TryRead(cachePath, info.Length, info.LastWriteTimeUtc.Ticks);
        Assert.NotNull(cached);
        Assert.Equal(models.Model!.InitialShape, cached!.InitialShape);
        var p1 = new ShapePredictor(models.Model);
        var p2 = new ShapePredictor(cached);
        var gray = new Prepare.Imaging.GrayImage(64, 64, Enumerable.Range(0, 64 * 64).Select(i => (byte)(i * 7)).ToArray());
        var box = new Prepare.Detection.FaceBox(8, 8, 48, 48);
        Assert.Equal(p1.Predict(gray, box).Coordinates.ToArray(), p2.Predict(gray, box).Coordinates.ToArray());
        // A different source key (size or mtime) makes the cache stale.
        Assert.Null(ShapePredictorCache.TryRead(cachePath, info.Length + 1, info.LastWriteTimeUtc.Ticks));
        Assert.Null(ShapePredictorCache.TryRead(cachePath, info.Length, info.LastWriteTimeUtc.Ticks + 1));
    }

    [SkippableFact]
    public void Truncated_model_raises_a_typed_data_error()
    {
        Skip.If(!File.Exists(ShapePredictorModel.DebianModelPath), "libdlib-data model not installed");
        var head = new byte[1 << 20];
        using (var s = File.OpenRead(ShapePredictorModel.DebianModelPath))
        {
            s.ReadExactly(head);
        }
        var truncated = Path.Combine(_temp, "truncated.dat");
        File.WriteAllBytes(truncated, head);
        var e = Assert.Throws<ShapePredictorFormatException>(() => ShapePredictorModel.Load(truncated, _temp));
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_temp, "*.f32cache"));
    }

    [Fact]
    public void Corrupt_or_foreign_bytes_raise_a_typed_data_error()
    {
        // Version 1, then an initial-shape header claiming a 3x1 vector (odd, so not x,y pairs).
        var odd = new byte[] { 0x01, 0x01, 0x81, 0x03, 0x81, 0x01 };
        Assert.Throws<ShapePredictorFormatException>(() => DlibShapePredictorReader.Parse(odd, "odd"));
        // An unsigned control byte with the sign bit set is invalid in dlib's format.
        var badControl = new byte[] { 0x01, 0x01, 0x81, 0x02, 0x81, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x88 };
        Assert.Throws<ShapePredictorFormatException>(() => DlibShapePredictorReader.Parse(badControl, "bad"));
        var text = "<html>not a model</html>"u8.ToArray();
        Assert.Throws<ShapePredictorFormatException>(() => DlibShapePredictorReader.Parse(text, "html"));
    }

    [Fact]
    public void Missing_model_raises_no_input()
    {
        var e = Assert.Throws<EdgeAvatarException>(() => ShapePredictorModel.Load(Path.Combine(_temp, "none.dat"), _temp));
        Assert.Equal(ExitCodes.NoInput, e.ExitCode);
    }
}
