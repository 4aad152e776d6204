package dev.raftproof.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one command-line tool. Subcommands are added as the pipeline grows. */
@Command(name = "raft", mixinStandardHelpOptions = true, version = "raft 0.1.0",
    description = "Raft that proves what it does: TLC, trace validation, safety and linearizability checks.")
public final class RaftCli implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new RaftCli()).execute(args));
  }
}
