namespace EdgeAvatar.Testing;

/// <summary>
/// Put GPU test classes in <c>[Collection(GpuCollection.Name)]</c>: they then run one after another on one xunit
/// worker instead of blocking several workers on <see cref="GpuFixture.Scope"/>'s lock.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GpuCollection
{
    public const string Name = "Gpu";
}
