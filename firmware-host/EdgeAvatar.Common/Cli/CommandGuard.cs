using System.Runtime.InteropServices;

namespace EdgeAvatar.Common.Cli;

/// <summary>
/// Runs one command's body and turns every outcome into an exit code and, on failure, one clear line on stderr:
/// <see cref="EdgeAvatarException"/> → its own code and message; SIGINT/SIGTERM → 130 (the body's token is
/// cancelled; outputs are not published); anything else is a bug → "internal error" with the exception's message
/// (stack trace only with EDGEAVATAR_DEBUG=1). A second SIGINT/SIGTERM while the body is still winding down (stuck
/// in work that does not look at its token) ends the process at once with 130 and the same one line: the user
/// asked twice, and nothing unpublished is lost by not waiting.
/// </summary>
public static class CommandGuard
{
    /// <summary>
    /// How long an I/O failure waits for a pending SIGINT to be noticed. Ctrl+C in a terminal signals the whole
    /// process group, so a child (ffmpeg) can die and make the body fail a moment before our own handler runs; the
    /// failure is then really an interruption and must exit 130, not "cannot write". 2 s, not 300 ms: on a loaded
    /// 2-core CI box (the whole suite running) the runtime's signal thread took longer than 300 ms once and prepare
    /// exited 74. Only failures that a dying child can cause wait (see <see cref="MayBeAChildsDeath"/>); a refusal
    /// decided from the input alone (usage, bad or missing data, config) is reported at once, since scripts feel
    /// every second of it.
    /// </summary>
    private static readonly TimeSpan s_signalGrace = TimeSpan.FromSeconds(2);

    public static int Run(string program, Func<CancellationToken, int> body, CancellationToken cancellationToken)
    {
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var signals = new SignalInterrupt(interrupted, program);
        try
        {
            return body(interrupted.Token);
        }
        catch (Exception e) when (signals.WaitForSignal(MayBeAChildsDeath(e) ? s_signalGrace : TimeSpan.Zero) || e is OperationCanceledException)
        {
            Console.Error.WriteLine($"{program}: interrupted; no output was published.");
            return ExitCodes.Interrupted;
        }
        catch (EdgeAvatarException e)
        {
            Console.Error.WriteLine($"{program}: error: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"{program}: internal error: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("EDGEAVATAR_DEBUG") == "1")
                Console.Error.WriteLine(e);
            else
                Console.Error.WriteLine($"{program}: set EDGEAVATAR_DEBUG=1 for details, and please report this.");
            return ExitCodes.Internal;
        }
    }

    /// <summary>
    /// True for the failures a child killed by the same Ctrl+C produces before our handler runs: a broken pipe or
    /// short read (I/O errors, 74) or an unexpected exception. Usage (64), data (65), missing input (66), unavailable
    /// (69), temporary (75) and config (78) refusals are decided before or without a child's output.
    /// </summary>
    public static bool MayBeAChildsDeath(Exception e)
        => e is not EdgeAvatarException edge || edge.ExitCode is ExitCodes.IoError or ExitCodes.Internal;

    /// <summary>Turns SIGINT/SIGTERM into cancellation of the running body instead of process termination.</summary>
    private sealed class SignalInterrupt : IDisposable
    {
        private readonly PosixSignalRegistration[] _registrations;
        private readonly ManualResetEventSlim _signalled = new();
        private int _count;

        public SignalInterrupt(CancellationTokenSource target, string program)
        {
            void Handle(PosixSignalContext context)
            {
                context.Cancel = true;
                if (Interlocked.Increment(ref _count) > 1)
                {
                    // The first signal's cancellation has not ended the body: do not wait for it. Exit() runs no
                    // more of the body, so nothing half-written is published (outputs are renamed into place last).
                    Console.Error.WriteLine($"{program}: interrupted again; stopping now, no output was published.");
                    Environment.Exit(ExitCodes.Interrupted);
                }
                _signalled.Set();
                target.Cancel();
            }
            _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
                              PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
        }

        public bool WaitForSignal(TimeSpan grace) => _signalled.IsSet || _signalled.Wait(grace);

        public void Dispose()
        {
            foreach (var r in _registrations)
                r.Dispose();
            _signalled.Dispose();
        }
    }
}
