using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace EdgeAvatar.Model;

/// <summary>
/// The UTF-8 JSON manifest of an <c>.eavm</c> file:
/// <code>
/// { "kind": "radnerf-head-torso",          // required, non-empty string: selects the renderer
///   "config": { ... },                      // required object, meaning depends on kind
///   "training": { "dataset": "...", "steps": 30000, "date": "2025-01-02T03:04:05+00:00",
///                 "trainerVersion": "0.1.0", "metrics": { "psnr": 31.2 } } }   // metrics optional
/// </code>
/// Unknown keys are allowed anywhere (a newer minor version may add some) and are kept in <see cref="Json"/>.
/// </summary>
public sealed record EavmManifest
{
    /// <summary>Model kind discriminator, e.g. "radnerf-head-torso".</summary>
    public required string Kind { get; init; }

    /// <summary>Kind-specific configuration (an object; detached from any JsonDocument, safe to keep).</summary>
    public required JsonElement Config { get; init; }

    public required EavmTrainingInfo Training { get; init; }

    /// <summary>The manifest exactly as stored (set by the reader; the writer generates it from the properties).</summary>
    public string Json { get; init; } = "";

    /// <summary>Serialises the typed properties to compact UTF-8 JSON.</summary>
    public byte[] ToUtf8Json()
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping keeps "+" in dates and non-ASCII text readable; the output is still strict JSON
        // (it is only ever parsed as JSON, never embedded in HTML).
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("kind", Kind);
            w.WritePropertyName("config");
            Config.WriteTo(w);
            w.WriteStartObject("training");
            w.WriteString("dataset", Training.Dataset);
            w.WriteNumber("steps", Training.Steps);
            w.WriteString("date", Training.Date.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("trainerVersion", Training.TrainerVersion);
            w.WriteStartObject("metrics");
            foreach (var (name, value) in Training.Metrics)
                w.WriteNumber(name, value);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Parses and validates a stored manifest. <paramref name="where"/> names its location for messages.
    /// Every failure is an <see cref="EavmFormatException"/>.
    /// </summary>
    public static EavmManifest Parse(ReadOnlySpan<byte> utf8, string where)
    {
        // Validate the encoding first: the JSON reader does not check every byte of every string.
        if (!Utf8.IsValid(utf8))
            throw new EavmFormatException($"manifest {where} is not valid UTF-8");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions
            {
                AllowTrailingCommas = false,
                CommentHandling = JsonCommentHandling.Disallow,
                MaxDepth = 64,
                AllowDuplicateProperties = false,
            });
        }
        catch (JsonException e)
        {
            throw new EavmFormatException($"manifest {where} is not valid JSON: {e.Message}", e);
        }
        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new EavmFormatException($"manifest {where}: expected a JSON object, found {root.ValueKind}");
            string kind = RequiredString(root, "kind", "manifest");
            JsonElement config = Required(root, "config", JsonValueKind.Object, "manifest");
            JsonElement training = Required(root, "training", JsonValueKind.Object, "manifest");

            JsonElement stepsElement = Required(training, "steps", JsonValueKind.Number, "manifest.training");
            if (!stepsElement.TryGetInt64(out long steps) || steps < 0)
                throw new EavmFormatException(
                    $"manifest.training.steps: expected a non-negative integer, found {stepsElement.GetRawText()}");
            JsonElement dateElement = Required(training, "date", JsonValueKind.String, "manifest.training");
            if (!dateElement.TryGetDateTimeOffset(out DateTimeOffset date))
                throw new EavmFormatException(
                    $"manifest.training.date: expected an ISO 8601 date, found {dateElement.GetRawText()}");

            var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
            if (training.TryGetProperty("metrics", out JsonElement metricsElement))
            {
                if (metricsElement.ValueKind != JsonValueKind.Object)
                    throw new EavmFormatException(
                        $"manifest.training.metrics: expected an object, found {metricsElement.ValueKind}");
                foreach (JsonProperty metric in metricsElement.EnumerateObject())
                {
                    if (metric.Value.ValueKind != JsonValueKind.Number || !metric.Value.TryGetDouble(out double v)
                        || !double.IsFinite(v))
                        throw new EavmFormatException(
                            $"manifest.training.metrics.{metric.Name}: expected a finite number, found {metric.Value.GetRawText()}");
                    metrics[metric.Name] = v;
                }
            }

            return new EavmManifest
            {
                Kind = kind,
                Config = config.Clone(),
                Training = new EavmTrainingInfo
                {
                    Dataset = RequiredString(training, "dataset", "manifest.training"),
                    Steps = steps,
                    Date = date,
                    TrainerVersion = RequiredString(training, "trainerVersion", "manifest.training"),
                    Metrics = metrics,
                },
                Json = System.Text.Encoding.UTF8.GetString(utf8),
            };
        }
    }

    private static JsonElement Required(JsonElement parent, string key, JsonValueKind kind, string path)
    {
        if (!parent.TryGetProperty(key, out JsonElement value))
            throw new EavmFormatException($"{path}: required key \"{key}\" is missing");
        if (value.ValueKind != kind)
            throw new EavmFormatException($"{path}.{key}: expected {kind}, found {value.ValueKind}");
        return value;
    }

    private static string RequiredString(JsonElement parent, string key, string path)
    {
        string value = Required(parent, key, JsonValueKind.String, path).GetString() ?? "";
        if (value.Length == 0)
            throw new EavmFormatException($"{path}.{key}: must not be empty");
        return value;
    }
}
