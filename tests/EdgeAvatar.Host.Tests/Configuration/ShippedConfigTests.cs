using System.Text.RegularExpressions;
using EdgeAvatar.Host.Configuration;

namespace EdgeAvatar.Host.Tests.Configuration;

/// <summary>packaging/edgeavatar.conf (installed as the conffile /etc/edgeavatar/edgeavatar.conf) against the parser.</summary>
public sealed class ShippedConfigTests
{
    private static string ShippedPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeAvatar.sln")))
                return Path.Combine(dir.FullName, "packaging", "edgeavatar.conf");
        }
        throw new InvalidOperationException($"no EdgeAvatar.sln above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void The_shipped_config_parses_and_matches_the_built_in_defaults()
    {
        DaemonConfig shipped = DaemonConfig.Load(ShippedPath());

        // Uncommenting nothing and commenting everything out must run the same daemon.
        Assert.Equal(new DaemonConfig(), shipped);
    }

    [Fact]
    public void The_shipped_config_documents_every_key()
    {
        string text = File.ReadAllText(ShippedPath());

        foreach (string key in DaemonConfig.Keys)
            Assert.Matches(new Regex($@"(?m)^#? ?{Regex.Escape(key)} ="), text);
    }

    [Fact]
    public void Every_commented_example_in_the_shipped_config_is_valid()
    {
        // "# key = value" lines are examples an operator will uncomment; each must parse on its own.
        var examples = File.ReadAllLines(ShippedPath())
            .Select(l => Regex.Match(l, @"^# ?([a-z_.]+ = .*)$"))
            .Where(m => m.Success && DaemonConfig.Keys.Contains(m.Groups[1].Value.Split(' ')[0]))
            .Select(m => m.Groups[1].Value)
            .ToList();

        Assert.NotEmpty(examples);
        foreach (string example in examples)
            DaemonConfig.Parse(example, "example");
    }
}
