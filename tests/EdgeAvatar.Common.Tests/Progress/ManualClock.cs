namespace EdgeAvatar.Common.Tests.Progress;

/// <summary>A clock that moves only when the test says so (ticks are milliseconds).</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _ms;

    public override long TimestampFrequency => 1000;

    public override long GetTimestamp() => _ms;

    public void Advance(double seconds) => _ms += (long)Math.Round(seconds * 1000);
}
