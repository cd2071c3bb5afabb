using System.Text.Json;

namespace EdgeAvatar.Deploy.Tests;

/// <summary>
/// packaging/ansible/rollout.yml. Needs ansible-playbook (Debian package ansible-core, or ansible); skipped with
/// that reason where it is missing. The runs use local connections to "kiosks" that are this machine, with a fake
/// edgeavatar CLI that logs its arguments, so they check what the playbook does, in which order, and that a failed
/// health check stops the rollout before the next batch.
/// </summary>
public sealed class AnsibleRolloutTests : IDisposable
{
    private static readonly string Playbook = RepoPaths.Combine("packaging", "ansible", "rollout.yml");
    private static readonly string? AnsiblePlaybook = FindOnPath("ansible-playbook");

    private readonly TempDirectory _dir = new("edgeavatar-ansible-");

    public void Dispose() => _dir.Dispose();

    private static string? FindOnPath(string program)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    private static void SkipWithoutAnsible()
        => Skip.If(AnsiblePlaybook is null,
            "ansible-playbook is not installed (Debian package ansible-core); the playbook was not checked");

    private ProcessRunner.Result RunAnsible(params string[] args)
    {
        // Keep ansible's caches, temp files and retry files inside the test directory, its output plain, and any
        // ansible.cfg of the machine or user out of the run (an empty one of our own instead).
        string config = _dir.Combine("ansible.cfg");
        if (!File.Exists(config))
            File.WriteAllText(config, "[defaults]\n");
        var env = new Dictionary<string, string?>
        {
            ["ANSIBLE_HOME"] = _dir.Combine("ansible-home"),
            ["ANSIBLE_LOCAL_TEMP"] = _dir.Combine("ansible-local-tmp"),
            ["ANSIBLE_REMOTE_TEMP"] = _dir.Combine("ansible-remote-tmp"),
            ["ANSIBLE_NOCOLOR"] = "1",
            ["ANSIBLE_RETRY_FILES_ENABLED"] = "0",
            ["ANSIBLE_CONFIG"] = config,
        };
        return ProcessRunner.Run(AnsiblePlaybook!, args, env, workingDirectory: _dir.Path);
    }

    /// <summary>A fake `edgeavatar` that appends "&lt;host&gt; &lt;args&gt;" to calls.log; `ctl` exits with $2's rc file.</summary>
    private string WriteFakeCli()
    {
        string fake = _dir.Combine("fake-edgeavatar");
        File.WriteAllText(fake,
            $"""
            #!/bin/sh
            # usage: fake-edgeavatar <host> <args...>; ctl exits with the host's configured health rc.
            host="$1"; shift
            echo "$host $*" >> '{_dir.Combine("calls.log")}'
            if [ "$1" = ctl ]; then exit "$(cat '{_dir.Path}'/health-"$host")"; fi
            exit 0
            """.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return fake;
    }

    /// <summary>Inventory of local "kiosks"; each gets its own upload dir, CLI wrapper and health exit code.</summary>
    private (string Inventory, string Vars) Setup(params (string Host, int HealthRc)[] kiosks)
    {
        string fake = WriteFakeCli();
        string model = _dir.Combine("anna.eavm");
        File.WriteAllText(model, "model bytes");
        var inventory = new List<string> { "[kiosks]" };
        foreach (var (host, rc) in kiosks)
        {
            File.WriteAllText(_dir.Combine($"health-{host}"), rc.ToString(System.Globalization.CultureInfo.InvariantCulture));
            string wrapper = _dir.Combine($"edgeavatar-{host}");
            File.WriteAllText(wrapper, $"#!/bin/sh\nexec '{fake}' {host} \"$@\"\n");
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            inventory.Add($"{host} ansible_connection=local edgeavatar_bin={wrapper} edgeavatar_upload_dir={_dir.Combine("upload-" + host)}");
        }
        inventory.Add("[kiosks:vars]");
        inventory.Add("ansible_python_interpreter=/usr/bin/python3");
        string inventoryPath = _dir.Combine("inventory.ini");
        File.WriteAllLines(inventoryPath, inventory);

        // Extra vars as JSON: the health command carries the JSON request of `edgeavatar ctl`, quotes included.
        string varsPath = _dir.Combine("vars.json");
        File.WriteAllText(varsPath, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["edgeavatar_model"] = model,
            ["edgeavatar_become"] = false,
            ["edgeavatar_serial"] = 1,
            ["edgeavatar_health_cmd"] = "{{ rollout_bin }} ctl '{\"cmd\":\"status\"}'",
            ["edgeavatar_health_retries"] = 0,
            ["edgeavatar_health_delay"] = 0,
        }));
        return (inventoryPath, varsPath);
    }

    private string[] Calls()
    {
        string log = _dir.Combine("calls.log");
        return File.Exists(log) ? File.ReadAllLines(log) : [];
    }

    [SkippableFact]
    public void The_playbook_passes_ansible_syntax_check()
    {
        SkipWithoutAnsible();
        File.WriteAllText(_dir.Combine("inventory.ini"), "[kiosks]\nkiosk-1 ansible_connection=local\n");

        ProcessRunner.Result result = RunAnsible("-i", _dir.Combine("inventory.ini"), "--syntax-check", Playbook);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [SkippableFact]
    public void A_healthy_kiosk_gets_the_model_installed_then_health_checked_and_the_upload_removed()
    {
        SkipWithoutAnsible();
        var (inventory, vars) = Setup(("kiosk-1", 0));

        ProcessRunner.Result result = RunAnsible("-i", inventory, "-e", "@" + vars, Playbook);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            [$"kiosk-1 model install {_dir.Combine("upload-kiosk-1", "anna.eavm")}", "kiosk-1 ctl {\"cmd\":\"status\"}"],
            Calls());
        Assert.False(Directory.Exists(_dir.Combine("upload-kiosk-1")));
    }

    [SkippableFact]
    public void A_failed_health_check_on_the_canary_stops_the_rollout_before_the_next_batch()
    {
        SkipWithoutAnsible();
        var (inventory, vars) = Setup(("kiosk-1", 3), ("kiosk-2", 0));

        ProcessRunner.Result result = RunAnsible("-i", inventory, "-e", "@" + vars, Playbook);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("kiosk-1 model install", Calls()[0]);
        Assert.Contains("kiosk-1 ctl", Calls()[^1]);
        Assert.DoesNotContain(Calls(), c => c.StartsWith("kiosk-2", StringComparison.Ordinal));
        Assert.False(Directory.Exists(_dir.Combine("upload-kiosk-2")));
    }

    [SkippableFact]
    public void Running_without_a_package_or_model_fails_with_a_clear_message()
    {
        SkipWithoutAnsible();
        var (inventory, _) = Setup(("kiosk-1", 0));

        ProcessRunner.Result result = RunAnsible("-i", inventory, "-e", "edgeavatar_become=false", Playbook);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("nothing to roll out", result.StdOut);
        Assert.Empty(Calls());
    }
}
