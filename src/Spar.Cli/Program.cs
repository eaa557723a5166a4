using Spar.Cli;

return SparCli.Run(args);
