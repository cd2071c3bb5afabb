namespace EdgeAvatar.Train.Tests.Training;

/// <summary>Training and bake tests share one prepared dataset and trained run, and run one at a time (2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class TinyRunCollection : ICollectionFixture<TinyRun>
{
    public const string Name = "tiny training run";
}
