using EdgeAvatar.Trainer.Cli;

return TrainerCommandLine.Run(args);
