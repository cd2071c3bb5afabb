using System.Text.Json.Serialization;

namespace EdgeAvatar.Host.Control;

/// <summary>
/// What <c>{"cmd":"status"}</c> reports. Times in milliseconds; counters since the daemon started. Non-finite numbers
/// (no frame rendered yet) are sent as JSON null.
/// </summary>
public sealed record DaemonStatus
{
    /// <summary>Rendered frames per second over the recent past.</summary>
    [JsonPropertyName("fps")] public double Fps { get; init; }
    /// <summary>Median GPU+CPU time per frame.</summary>
    [JsonPropertyName("frame_ms_p50")] public double FrameMsP50 { get; init; }
    /// <summary>99th-percentile time per frame.</summary>
    [JsonPropertyName("frame_ms_p99")] public double FrameMsP99 { get; init; }
    /// <summary>Audio-in to frame-out latency.</summary>
    [JsonPropertyName("latency_ms")] public double LatencyMs { get; init; }
    [JsonPropertyName("dropped_frames")] public long DroppedFrames { get; init; }
    [JsonPropertyName("audio_xruns")] public long AudioXruns { get; init; }
    /// <summary>The running model's id (content hash or name); empty when none is loaded.</summary>
    [JsonPropertyName("model_id")] public string ModelId { get; init; } = "";
    /// <summary>Daemon state, e.g. "idle", "speaking", "reloading".</summary>
    [JsonPropertyName("state")] public string State { get; init; } = "";
}
