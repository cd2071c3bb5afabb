using EdgeAvatar.Host.Cli;

return HostCommandLine.Run(args);
