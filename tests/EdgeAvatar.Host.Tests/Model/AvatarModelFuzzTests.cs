using System.Text.Json.Nodes;
using EdgeAvatar.Common;
using EdgeAvatar.Model;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Tests.Avatars;

namespace EdgeAvatar.Host.Tests.Model;

/// <summary>
/// Checksum-valid avatars with mutated manifest and tensor values go through the one validator (the loader every
/// command uses) and, when accepted, through a bounded CPU render of one 32×32 frame. Every outcome must be "refused
/// with 65/78" or "rendered": never another exception (exit 1), a hang, or a crash.
/// </summary>
public sealed class AvatarModelFuzzTests
{
    private static readonly TimeSpan s_perCase = TimeSpan.FromSeconds(30);

    private enum Outcome { Refused, Rendered }

    /// <summary>Loads and, if accepted, renders one small frame; throws on any outcome other than refused/rendered.</summary>
    private static Outcome LoadAndRender(byte[] image, string label)
    {
        var work = Task.Run(() =>
        {
            AvatarModel model;
            try
            {
                using EavmModel file = EavmReader.Read(image);
                model = AvatarModelFile.FromEavm(file, label);
            }
            catch (EdgeAvatarException e) when (e.ExitCode is ExitCodes.DataError or ExitCodes.Config)
            {
                return Outcome.Refused;
            }
            AvatarModel small = model.WithSize(32, 32);
            using var driver = new AvatarDriver(small);
            var rgb = new byte[32 * 32 * 3];
            driver.RenderNext(new float[small.Config.Audio.WindowFloats], [], rgb);
            return Outcome.Rendered;
        });
        if (!work.Wait(s_perCase))
            throw new Xunit.Sdk.XunitException($"{label}: no outcome within {s_perCase.TotalSeconds} s (a hang)");
        return work.Result; // a task fault rethrows here: the test names the case and the exception
    }

    private static Outcome Case(Action<JsonObject>? config = null, string? kind = null, Action<string, float[]>? tensor = null,
        Func<string, byte[], byte[]>? bytes = null, string label = "case")
    {
        byte[] image = AvatarFiles.RewriteBytes(config, kind, tensor, bytes);
        try
        {
            return LoadAndRender(image, label);
        }
        catch (AggregateException e)
        {
            throw new Xunit.Sdk.XunitException($"{label}: {e.InnerException!.GetType().Name}: {e.InnerException.Message}");
        }
    }

    [Fact]
    public void The_unmutated_sample_renders() => Assert.Equal(Outcome.Rendered, Case(label: "sample"));

    /// <summary>The cases the reliability probe found, each named: every one must now be refused.</summary>
    [Theory]
    [InlineData("kind")]
    [InlineData("fx0")]
    [InlineData("nanpose")]
    [InlineData("hugecamera")]
    [InlineData("tinystep")]
    public void Models_that_passed_the_container_checks_but_could_not_be_drawn_are_refused(string which)
    {
        Outcome outcome = which switch
        {
            "kind" => Case(kind: "radnerf-head-torso", label: which),
            "fx0" => Case(config: c => c["camera"]!["fx"] = 0, label: which),
            "nanpose" => Case(tensor: (name, v) => { if (name == AvatarModelFile.PoseTrackTensor) v[5] = float.NaN; }, label: which),
            "hugecamera" => Case(config: c => { c["camera"]!["width"] = 65536; c["camera"]!["height"] = 65536; },
                bytes: (name, b) => name == AvatarModelFile.PlateTensor ? [] : b, label: which),
            "tinystep" => Case(config: c => c["model"]!["head"]!["stepSize"] = 1e-30, label: which),
            _ => throw new ArgumentOutOfRangeException(nameof(which)),
        };
        Assert.Equal(Outcome.Refused, outcome);
    }

    /// <summary>Every numeric field of the config, a bounded random sample of hostile values each.</summary>
    [Fact]
    public void Mutated_manifest_numbers_are_refused_or_rendered_never_anything_else()
    {
        double[] hostile = [0, -1, 1e-30, -1e-30, 1e30, -1e30, 3.4e38, 65536, 2147483647, -2147483648, 4097, 0.5, 1e6];
        var leaves = new List<string>();
        Collect(AvatarFiles.SampleConfig(), "", leaves);
        Assert.True(leaves.Count > 20, $"only {leaves.Count} numeric fields found");
        var rng = new Random(24);
        int refused = 0, rendered = 0;
        var failures = new List<string>();
        // Bounded: at most 80 cases (each a 3.6 MB rewrite and maybe one 32×32 frame).
        foreach (string leaf in leaves.OrderBy(_ => rng.Next()).Take(80))
        {
            double value = hostile[rng.Next(hostile.Length)];
            string label = $"{leaf} = {value}";
            try
            {
                if (Case(config: c => Set(c, leaf, value), label: label) == Outcome.Refused) refused++;
                else rendered++;
            }
            catch (Xunit.Sdk.XunitException e)
            {
                failures.Add(e.Message);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(refused > 0 && rendered > 0, $"refused {refused}, rendered {rendered}: the sample should exercise both");
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(1e30f)]
    public void Non_finite_or_huge_tensor_values_are_refused(float bad)
    {
        foreach (string name in new[] { AvatarModelFile.PoseTrackTensor, AvatarModelFile.EyeTrackTensor, "head.sigma_mlp" })
        {
            Outcome o = Case(tensor: (n, v) => { if (n.StartsWith(name, StringComparison.Ordinal)) v[0] = bad; }, label: $"{name}[0] = {bad}");
            Assert.Equal(Outcome.Refused, o);
        }
    }

    [Theory]
    [InlineData("edgeavatar-avatar")]
    [InlineData("edgeavatar-avatar-v2")]
    [InlineData("EDGEAVATAR-AVATAR-V1")]
    public void Other_kinds_are_refused(string kind) => Assert.Equal(Outcome.Refused, Case(kind: kind, label: kind));

    [Theory]
    [InlineData("model")]
    [InlineData("camera")]
    [InlineData("normalization")]
    [InlineData("meanCentre")]
    public void Missing_or_null_sections_are_refused(string section)
    {
        Assert.Equal(Outcome.Refused, Case(config: c => c.Remove(section), label: "no " + section));
        Assert.Equal(Outcome.Refused, Case(config: c => c[section] = null, label: section + " null"));
    }

    private static void Collect(JsonNode? node, string path, List<string> leaves)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o) Collect(child, path.Length == 0 ? key : $"{path}.{key}", leaves);
                break;
            case JsonArray a:
                // Long arrays (the 80-band normalisation) contribute their first two entries only.
                for (int i = 0; i < Math.Min(a.Count, 2); i++) Collect(a[i], $"{path}[{i}]", leaves);
                break;
            case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                leaves.Add(path);
                break;
        }
    }

    private static void Set(JsonObject root, string path, double value)
    {
        JsonNode node = root;
        string[] parts = path.Split('.');
        for (int p = 0; p < parts.Length; p++)
        {
            string part = parts[p];
            int bracket = part.IndexOf('[', StringComparison.Ordinal);
            string key = bracket < 0 ? part : part[..bracket];
            bool last = p == parts.Length - 1;
            if (bracket < 0)
            {
                if (last) { node[key] = value; return; }
                node = node[key]!;
            }
            else
            {
                int index = int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
                if (last) { node[key]![index] = value; return; }
                node = node[key]![index]!;
            }
        }
    }
}
