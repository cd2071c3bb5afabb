namespace EdgeAvatar.Prepare.Tests.Pipeline;

/// <summary>The pipeline tests share one prepared clip and run one at a time (each one is a few ffmpeg processes).</summary>
[CollectionDefinition(Name)]
public sealed class PreparedClipCollection : ICollectionFixture<PreparedClipFixture>
{
    public const string Name = "Prepared clip";
}
