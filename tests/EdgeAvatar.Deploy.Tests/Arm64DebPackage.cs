namespace EdgeAvatar.Deploy.Tests;

/// <summary>The arm64 package (Jetson and other aarch64 kiosks), built once per test run.</summary>
public sealed class Arm64DebPackage() : DebPackageFixture("arm64");
