namespace EdgeAvatar.Deploy.Tests;

/// <summary>The amd64 package, built once per test run.</summary>
public sealed class Amd64DebPackage() : DebPackageFixture("amd64");
