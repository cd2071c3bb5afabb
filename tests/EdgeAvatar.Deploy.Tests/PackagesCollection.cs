namespace EdgeAvatar.Deploy.Tests;

/// <summary>
/// The package tests: one collection, so xunit runs them one class at a time and the amd64 and arm64 publishes (each
/// minutes of CPU) never compete for a 2-core machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PackagesCollection
{
    public const string Name = "packages";
}
