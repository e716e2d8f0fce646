using System.Runtime.InteropServices;

namespace Ablation.Harness.Cli;

/// <summary>
/// What an interrupted command (Ctrl+C, SIGTERM from a scheduler) prints before the process ends: what was kept
/// on disk and how to resume. A command states this with <see cref="Describe"/> as soon as it knows its outputs;
/// the signal handler installed by <c>Program.Main</c> prints it. The process then ends by the signal (exit status
/// 130 or 143). Every output is written atomically, so nothing half-written is left; temporaries of the killed
/// process are removed by the next run.
/// </summary>
public static class Interruption
{
    private const string Default = "nothing was written partially (every output is written atomically); run the same command again";
    private static string _kept = Default;

    /// <summary>Sets the sentence printed on interruption, e.g. "results of finished tasks are in X; run the same command again to do the rest".</summary>
    public static void Describe(string keptAndHowToResume) => Volatile.Write(ref _kept, keptAndHowToResume);

    /// <summary>The signal received (SIGINT or SIGTERM), or null; commands that stop gracefully on a signal end with its code.</summary>
    public static PosixSignal? Received { get; private set; }

    /// <summary>The exit code for an interruption: 143 after SIGTERM, else 130.</summary>
    public static int ExitCode => Received == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;

    /// <summary>The line printed for <paramref name="signal"/> (e.g. "SIGINT").</summary>
    public static string Message(string signal) => $"interrupted ({signal}): {Volatile.Read(ref _kept)}";

    /// <summary>Prints the message on SIGINT and SIGTERM, then lets the signal end the process. Dispose to uninstall.</summary>
    public static IDisposable Install(TextWriter stderr)
    {
        void Handler(PosixSignalContext context)
        {
            if (Received is not null) return; // said once
            Received = context.Signal;
            stderr.WriteLine(Message(context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM"));
            stderr.Flush();
        }
        var registrations = new List<PosixSignalRegistration>
        {
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handler),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handler),
        };
        return new Registrations(registrations);
    }

    private sealed class Registrations(List<PosixSignalRegistration> items) : IDisposable
    {
        public void Dispose() { foreach (var item in items) item.Dispose(); }
    }
}
