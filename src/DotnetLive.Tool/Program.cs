using DotnetLive.Tool.Cli;

return LiveCommand.Run(args);
