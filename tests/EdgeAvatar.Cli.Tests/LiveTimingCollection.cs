namespace EdgeAvatar.Cli.Tests;

/// <summary>
/// Classes whose tests hold live audio to the wall clock. xunit runs a collection with DisableParallelization after
/// every parallel collection of the assembly has finished, so these tests share the machine only with whatever other
/// test assembly `dotnet test` runs beside this one, not with this assembly's trainings and renders, which starved the
/// live recogniser into skipping its test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LiveTimingCollection
{
    public const string Name = "live timing (CLI)";
}
