using EdgeAvatar.Common.Progress;
using EdgeAvatar.Prepare.Pipeline;

namespace EdgeAvatar.Prepare.Tests.Pipeline;

/// <summary>Prepares one short real clip (7 s of the German anchor sample) once for all end-to-end tests.</summary>
public sealed class PreparedClipFixture : IDisposable
{
    public const double ClipSeconds = 7;

    public PreparedClipFixture()
    {
        Media = new PrepareTestMedia();
        if (!Media.Available) return;
        Clip = Media.Cut(ClipSeconds);
        DatasetDirectory = Media.PathOf("dataset");
        Report = PreparePipeline.Run(Media.Options(Clip, DatasetDirectory), ProgressReporter.None, CancellationToken.None);
    }

    public PrepareTestMedia Media { get; }
    public string? Clip { get; }
    public string? DatasetDirectory { get; }
    public PrepareReport? Report { get; }

    public void Dispose() => Media.Dispose();
}
