using System.Buffers;
using System.Text.Json;

namespace EdgeAvatar.Host.Control;

/// <summary>Builds the one-line JSON replies (UTF-8, terminated by '\n').</summary>
internal static class ControlReplies
{
    public static byte[] Ok() => Build(w => w.WriteBoolean("ok", true));

    public static byte[] Error(string message) => Build(w =>
    {
        w.WriteBoolean("ok", false);
        w.WriteString("error", message);
    });

    /// <summary>{"ok":true, …status fields flattened…}; NaN/∞ become null (JSON has no such numbers).</summary>
    public static byte[] Status(DaemonStatus s) => Build(w =>
    {
        w.WriteBoolean("ok", true);
        w.WriteString("state", s.State);
        w.WriteString("model_id", s.ModelId);
        Number(w, "fps", s.Fps);
        Number(w, "frame_ms_p50", s.FrameMsP50);
        Number(w, "frame_ms_p99", s.FrameMsP99);
        Number(w, "latency_ms", s.LatencyMs);
        w.WriteNumber("dropped_frames", s.DroppedFrames);
        w.WriteNumber("audio_xruns", s.AudioXruns);
    });

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }

    private static byte[] Build(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
