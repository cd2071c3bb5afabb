namespace EdgeAvatar.Cli.Tests;

/// <summary>`train -o` into a place that cannot be written: exit 74 with the reason, as bake and prepare do (no fixture needed).</summary>
public sealed class TrainOutputTests
{
    [Theory]
    [InlineData("under-a-file")]
    [InlineData("in-proc")]
    public void Train_into_an_output_that_cannot_be_written_exits_74_not_internal_error(string where)
    {
        string root = Directory.CreateTempSubdirectory("ea-train-out-").FullName;
        try
        {
            string dataset = Directory.CreateDirectory(Path.Combine(root, "dataset")).FullName;
            string blocker = Path.Combine(root, "a-file");
            File.WriteAllText(blocker, "x");
            // Root may write anywhere, so unwritable means "under a regular file" or "in /proc", not file modes.
            string output = where == "in-proc" ? "/proc/ea-train-run-" + Guid.NewGuid().ToString("N")[..8] : Path.Combine(blocker, "run");

            var r = ProgramRunner.Run("edgeavatar-train", "train", dataset, "-o", output, "--no-progress");

            TrainCommandTests.AssertCleanFailure(r, 74, "cannot write the run directory");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

}
