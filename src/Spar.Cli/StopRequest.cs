using System.Runtime.InteropServices;

namespace Spar.Cli;

/// <summary>
/// A request to stop the running command, shared by everything it runs through one token. <see cref="OnSignals"/>
/// turns SIGINT (Ctrl-C) and SIGTERM (<c>kill</c>, Slurm and Kubernetes preemption) into that request instead of the
/// default of dying on the spot: the command starts no new item, lets the items under way finish or drops them with
/// their temps, prints its summary and exits 1; a rerun resumes. A second signal gets the default action (the process
/// ends at once), for when a stop takes longer than the user is willing to wait.
/// </summary>
public sealed class StopRequest : IDisposable
{
    readonly CancellationTokenSource _source = new();
    readonly PosixSignalRegistration[] _registrations = [];
    int _requests;

    public CancellationToken Token => _source.Token;

    /// <summary>What asked for the stop ("SIGINT", "SIGTERM"), null while none did.</summary>
    public string? Reason { get; private set; }

    /// <summary>A request no signal triggers (in-process runs: tests call <see cref="Request"/>).</summary>
    public StopRequest() { }

    StopRequest(PosixSignal[] signals) =>
        _registrations = [.. signals.Select(s => PosixSignalRegistration.Create(s, OnSignal))];

    /// <summary>Stops on SIGINT and SIGTERM; only the process's own entry point should listen (it owns the signals).</summary>
    public static StopRequest OnSignals() => new([PosixSignal.SIGINT, PosixSignal.SIGTERM]);

    /// <summary>Asks the command to stop; returns false if a stop had been asked already.</summary>
    public bool Request(string reason)
    {
        if (Interlocked.Increment(ref _requests) > 1) return false;
        Reason = reason;
        _source.Cancel();
        return true;
    }

    void OnSignal(PosixSignalContext context)
    {
        var name = context.Signal == PosixSignal.SIGINT ? "SIGINT" : context.Signal == PosixSignal.SIGTERM ? "SIGTERM" : context.Signal.ToString();
        // The first signal is handled here (the process lives on to stop cleanly); the second takes the default action.
        context.Cancel = Request(name);
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _source.Dispose();
    }
}
