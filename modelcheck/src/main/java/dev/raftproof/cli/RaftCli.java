package dev.raftproof.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one command-line tool. To add a subcommand: write a {@code @Command} class in this package and add it to
 * {@code subcommands} below. Return {@link ExitCodes} values from {@code call()}, throw {@link UserInputException}
 * for user mistakes (exit 64, one line, no stack trace), and write to {@code spec.commandLine().getOut()/getErr()}
 * so tests can capture the output.
 */
@Command(name = "raft", mixinStandardHelpOptions = true, version = "raft 0.1.0",
    description = "Raft that proves what it does: TLC, trace validation, safety and linearizability checks.",
    subcommands = {
        DemoCommand.class,
        SimulateCommand.class,
        dev.raftproof.validate.ValidateCommand.class,
        TlcCommand.class,
        dev.raftproof.lin.LinCheckCommand.class,
        KvServerCommand.class,
        ClusterCommand.class,
        KvCommand.class,
        JepsenCommand.class,
    },
    exitCodeListHeading = ExitCodes.HELP_HEADING,
    exitCodeList = {
        "0:pass",
        "1:violation found",
        "2:spec or .cfg parse error",
        "3:no verdict (time limit reached, interrupted, checker error)",
        "64:usage error or bad input",
        "70:internal error (a bug in raft)"})
@SuppressWarnings("initialization.field.uninitialized") // picocli injects @Spec
public final class RaftCli implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The configured command line (exit codes, error handlers): use this in main and in tests. */
  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new RaftCli());
    cl.setParameterExceptionHandler(RaftCli::handleParameterException);
    cl.setExecutionExceptionHandler(RaftCli::handleExecutionException);
    return cl;
  }

  private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(name + ": error: " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + name + " --help' for more information.");
    err.flush();
    return ExitCodes.USAGE;
  }

  private static int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    if (ex instanceof UserInputException || ex instanceof CommandLine.ParameterException) {
      err.println(name + ": error: " + ex.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    }
    err.println(name + ": internal error: " + ex);
    if (System.getenv("RAFT_DEBUG") != null) {
      ex.printStackTrace(err);
    } else {
      err.println("(this is a bug in raft; set RAFT_DEBUG=1 to see the stack trace)");
    }
    err.flush();
    return ExitCodes.INTERNAL;
  }

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }
}
