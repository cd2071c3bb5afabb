using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using EdgeAvatar.Common.Cli;
using EdgeAvatar.Model;
using EdgeAvatar.Render.Avatar;

namespace EdgeAvatar.Host.Cli;

/// <summary>
/// <c>edgeavatar inspect &lt;file&gt; [--json]</c>: fully validates a baked <c>.eavm</c> model (checksum and the avatar
/// checks of <see cref="AvatarModelValidator"/> included) and
/// prints its header, manifest and tensor table. Output goes to stdout only after validation succeeded, so a
/// corrupt file prints nothing there: just the format error on stderr and exit code 65 (missing file: 66).
/// </summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The .eavm model file to inspect." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("inspect", "Validate a baked .eavm model and print its header, manifest and tensors.")
        {
            file,
            json,
        };
        command.SetGuardedAction(HostCommandLine.ProgramName,
            (parse, _) => Run(parse.GetValue(file)!, parse.GetValue(json), Console.Out));
        return command;
    }

    /// <summary>Inspects <paramref name="path"/> into <paramref name="output"/>; errors propagate as EdgeAvatarException.</summary>
    public static int Run(string path, bool json, TextWriter output)
    {
        using EavmModel model = EavmReader.Open(path);
        // The same avatar checks as install and run: "inspect ok" means drawable.
        var avatar = AvatarModelFile.FromEavm(model, path);
        string variant = avatar.Config.Head.Variant, torsoPose = avatar.Config.Torso.PoseInput;
        if (json)
            WriteJson(path, model, variant, torsoPose, output);
        else
            WriteText(path, model, variant, torsoPose, MouthLine(avatar.Mouth), output);
        return 0;
    }

    /// <summary>One line on the model's audio→mouth generator (its full form is in the manifest's mouth section).</summary>
    internal static string MouthLine(Render.Mouth.MouthGenerator? mouth) => mouth is null ? "none"
        : mouth.IsLandmarks
            ? $"{mouth.Kind}: {mouth.Measures} landmark components → rows of {mouth.Outputs}, front end width {mouth.FrontEnd.Width}, gain {mouth.Gain.ToString(CultureInfo.InvariantCulture)}"
            : $"{mouth.Kind}: {mouth.Measures} mouth measures, front end width {mouth.FrontEnd.Width}, gain {mouth.Gain.ToString(CultureInfo.InvariantCulture)}";

    private static void WriteText(string path, EavmModel model, string variant, string torsoPose, string mouth, TextWriter o)
    {
        EavmHeader h = model.Header;
        var c = CultureInfo.InvariantCulture;
        o.WriteLine($"file:          {path}");
        o.WriteLine($"format:        EAVM {h.MajorVersion}.{h.MinorVersion}, flags 0x{h.Flags:X8}");
        o.WriteLine(string.Format(c, "size:          {0:N0} bytes", h.FileLength));
        o.WriteLine(string.Format(c, "header:        {0:N0} bytes", h.HeaderSize));
        o.WriteLine(string.Format(c, "manifest:      {0:N0} bytes at offset {1}", h.ManifestLength, h.ManifestOffset));
        o.WriteLine(string.Format(c, "tensor table:  {0:N0} bytes at offset {1}, {2} entries", h.TensorTableLength, h.TensorTableOffset, h.TensorCount));
        o.WriteLine(string.Format(c, "data:          {0:N0} bytes at offset {1}", h.DataLength, h.DataOffset));
        o.WriteLine($"checksum:      sha256 {h.Sha256} OK");
        o.WriteLine($"kind:          {model.Manifest.Kind}");
        o.WriteLine($"head variant:  {variant}");
        o.WriteLine($"torso pose:    {torsoPose}");
        o.WriteLine($"mouth:         {mouth}");
        o.WriteLine("manifest:");
        o.WriteLine(PrettyManifest(model.Manifest));

        var rows = new List<string[]> { new[] { "name", "dtype", "shape", "bytes", "offset" } };
        rows.AddRange(model.Tensors.Select(t => new[]
        {
            t.Name, EavmDTypes.Name(t.DType), t.ShapeText,
            t.ByteLength.ToString("N0", c), t.Offset.ToString(c),
        }));
        int[] widths = Enumerable.Range(0, 5).Select(col => rows.Max(r => r[col].Length)).ToArray();
        o.WriteLine($"tensors ({model.Tensors.Count}):");
        foreach (string[] row in rows)
        {
            // Text columns left-aligned, numeric columns right-aligned.
            o.WriteLine("  " + string.Join("  ", row.Select((cell, col) =>
                col >= 3 ? cell.PadLeft(widths[col]) : cell.PadRight(widths[col]))).TrimEnd());
        }
        o.WriteLine(string.Format(c, "total:         {0} tensors, {1:N0} elements, {2:N0} bytes of tensor data",
            model.Tensors.Count, model.Tensors.Sum(t => t.ElementCount), model.Tensors.Sum(t => t.ByteLength)));
    }

    private static void WriteJson(string path, EavmModel model, string variant, string torsoPose, TextWriter o)
    {
        EavmHeader h = model.Header;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("file", path);
            w.WriteString("headVariant", variant);
            w.WriteString("torsoPoseInput", torsoPose);
            w.WriteStartObject("header");
            w.WriteString("version", $"{h.MajorVersion}.{h.MinorVersion}");
            w.WriteNumber("flags", h.Flags);
            w.WriteNumber("headerSize", h.HeaderSize);
            w.WriteNumber("fileLength", h.FileLength);
            w.WriteNumber("manifestOffset", h.ManifestOffset);
            w.WriteNumber("manifestLength", h.ManifestLength);
            w.WriteNumber("tensorTableOffset", h.TensorTableOffset);
            w.WriteNumber("tensorTableLength", h.TensorTableLength);
            w.WriteNumber("tensorCount", h.TensorCount);
            w.WriteNumber("dataOffset", h.DataOffset);
            w.WriteNumber("dataLength", h.DataLength);
            w.WriteString("sha256", h.Sha256);
            w.WriteBoolean("checksumOk", true); // Open verified it; a mismatch never gets here.
            w.WriteEndObject();
            w.WritePropertyName("manifest");
            using (var manifest = JsonDocument.Parse(model.Manifest.Json))
                manifest.RootElement.WriteTo(w);
            w.WriteStartArray("tensors");
            foreach (EavmTensorInfo t in model.Tensors)
            {
                w.WriteStartObject();
                w.WriteString("name", t.Name);
                w.WriteString("dtype", EavmDTypes.Name(t.DType));
                w.WriteStartArray("shape");
                foreach (long dim in t.Shape)
                    w.WriteNumberValue(dim);
                w.WriteEndArray();
                w.WriteNumber("elements", t.ElementCount);
                w.WriteNumber("bytes", t.ByteLength);
                w.WriteNumber("offset", t.Offset);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("totals");
            w.WriteNumber("tensors", model.Tensors.Count);
            w.WriteNumber("elements", model.Tensors.Sum(t => t.ElementCount));
            w.WriteNumber("bytes", model.Tensors.Sum(t => t.ByteLength));
            w.WriteEndObject();
            w.WriteEndObject();
        }
        o.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static string PrettyManifest(EavmManifest manifest)
    {
        using var doc = JsonDocument.Parse(manifest.Json);
        return JsonSerializer.Serialize(doc.RootElement, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
