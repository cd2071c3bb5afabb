using System.Runtime.InteropServices;

namespace EdgeAvatar.Common.Cli;

/// <summary>
/// Runs one command's body and turns every outcome into an exit code and, on failure, one clear line on stderr:
/// <see cref="EdgeAvatarException"/> → its own code and message; SIGINT/SIGTERM → 130 (the body's token is
/// cancelled; outputs are not published); anything else is a bug → "internal error" with the exception's message
/// (stack trace only with EDGEAVATAR_DEBUG=1).
/// </summary>
public static class CommandGuard
{
    /// <summary>
    /// How long a failure waits for a pending SIGINT to be noticed. Ctrl+C in a terminal signals the whole process
    /// group, so a child (ffmpeg) can die and make the body fail a moment before our own handler runs; the failure
    /// is then really an interruption and must exit 130, not "cannot write". 2 s, not 300 ms: on a loaded 2-core CI
    /// box (the whole suite running) the runtime's signal thread took longer than 300 ms once and prepare exited 74.
    /// Only failures wait, and at most this long.
    /// </summary>
    private static readonly TimeSpan s_signalGrace = TimeSpan.FromSeconds(2);

    public static int Run(string program, Func<CancellationToken, int> body, CancellationToken cancellationToken)
    {
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var signals = new SignalInterrupt(interrupted);
        try
        {
            return body(interrupted.Token);
        }
        catch (Exception e) when (signals.WaitForSignal(s_signalGrace) || e is OperationCanceledException)
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

    /// <summary>Turns SIGINT/SIGTERM into cancellation of the running body instead of process termination.</summary>
    private sealed class SignalInterrupt : IDisposable
    {
        private readonly PosixSignalRegistration[] _registrations;
        private readonly ManualResetEventSlim _signalled = new();

        public SignalInterrupt(CancellationTokenSource target)
        {
            void Handle(PosixSignalContext context)
            {
                context.Cancel = true;
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
