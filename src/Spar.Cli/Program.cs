using Spar.Cli;

using var stop = StopRequest.OnSignals();
return SparCli.Run(args, stop: stop);
