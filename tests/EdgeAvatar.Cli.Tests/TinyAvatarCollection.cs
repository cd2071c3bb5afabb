namespace EdgeAvatar.Cli.Tests;

/// <summary>Train/bake/run CLI tests share one prepared dataset and trained tiny model, one test at a time.</summary>
[CollectionDefinition(Name)]
public sealed class TinyAvatarCollection : ICollectionFixture<TinyAvatarFixture>
{
    public const string Name = "tiny avatar (CLI)";
}
