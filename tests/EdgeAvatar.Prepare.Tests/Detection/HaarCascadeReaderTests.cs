using System.Globalization;
using System.Xml.Linq;
using EdgeAvatar.Common;
using EdgeAvatar.Prepare.Detection;

namespace EdgeAvatar.Prepare.Tests.Detection;

/// <summary>The cascade parser against the real OpenCV XML; expectations come from the file's own header fields.</summary>
public sealed class HaarCascadeReaderTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("edgeavatar-haar-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [SkippableFact]
    public void Alt2_cascade_matches_its_own_header_counts()
    {
        Skip.If(!File.Exists(HaarCascade.DebianFrontalFaceAlt2), "opencv-data not installed");
        var cascade = HaarCascade.Load(HaarCascade.DebianFrontalFaceAlt2);
        var xml = XDocument.Load(HaarCascade.DebianFrontalFaceAlt2).Root!.Element("cascade")!;
        int Int(XElement e, string name) => int.Parse(e.Element(name)!.Value.Trim(), CultureInfo.InvariantCulture);

        Assert.Equal(Int(xml, "stageNum"), cascade.Stages.Count);
        Assert.Equal(Int(xml, "width"), cascade.WindowWidth);
        Assert.Equal(Int(xml, "height"), cascade.WindowHeight);
        var stageElems = xml.Element("stages")!.Elements("_").ToList();
        for (int i = 0; i < stageElems.Count; i++)
        {
            Assert.Equal(Int(stageElems[i], "maxWeakCount"), cascade.Stages[i].ClassifierCount);
            Assert.Equal(float.Parse(stageElems[i].Element("stageThreshold")!.Value, CultureInfo.InvariantCulture),
                cascade.Stages[i].Threshold);
        }
        Assert.Equal(Int(xml.Element("stageParams")!, "maxWeakCount"), cascade.Stages.Max(s => s.ClassifierCount));
        Assert.Equal(xml.Element("features")!.Elements("_").Count(), cascade.Features.Count);
        Assert.Equal(cascade.Stages.Sum(s => s.ClassifierCount), cascade.Classifiers.Count);
    }

    [Fact]
    public void Malformed_cascades_raise_typed_errors()
    {
        var missing = Assert.Throws<EdgeAvatarException>(() => HaarCascade.Load(Path.Combine(_temp, "none.xml")));
        Assert.Equal(ExitCodes.NoInput, missing.ExitCode);

        var truncated = Path.Combine(_temp, "truncated.xml");
        File.WriteAllText(truncated, "<?xml version=\"1.0\"?><opencv_storage><cascade><stageType>BOOST");
        Assert.Equal(ExitCodes.DataError, Assert.Throws<EdgeAvatarException>(() => HaarCascade.Load(truncated)).ExitCode);

        var oldFormat = Path.Combine(_temp, "old.xml");
        File.WriteAllText(oldFormat, "<?xml version=\"1.0\"?><opencv_storage><face type_id=\"opencv-haar-classifier\">" +
            "<size>20 20</size><stages></stages></face></opencv_storage>");
        Assert.Equal(ExitCodes.DataError, Assert.Throws<EdgeAvatarException>(() => HaarCascade.Load(oldFormat)).ExitCode);

        // Header promises 2 stages, body has 1.
        var mismatch = Path.Combine(_temp, "mismatch.xml");
        File.WriteAllText(mismatch, "<opencv_storage><cascade><stageType>BOOST</stageType><featureType>HAAR</featureType>" +
            "<height>20</height><width>20</width><stageNum>2</stageNum><stages><_><maxWeakCount>1</maxWeakCount>" +
            "<stageThreshold>0</stageThreshold><weakClassifiers><_><internalNodes>0 -1 0 0.5</internalNodes>" +
            "<leafValues>1 -1</leafValues></_></weakClassifiers></_></stages><features><_><rects><_>0 0 2 2 -1.</_>" +
            "<_>0 0 1 2 2.</_></rects></_></features></cascade></opencv_storage>");
        var e = Assert.Throws<EdgeAvatarException>(() => HaarCascade.Load(mismatch));
        Assert.Equal(ExitCodes.DataError, e.ExitCode);
        Assert.Contains("2 stages", e.Message, StringComparison.Ordinal);
    }
}
