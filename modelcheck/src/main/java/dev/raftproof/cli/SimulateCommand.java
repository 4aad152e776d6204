package dev.raftproof.cli;

import dev.raftproof.sim.SimulateMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code raft simulate}: the deterministic simulator's own command line ({@link SimulateMain}), unchanged. Its
 * options are parsed there so that the simulator stays usable without this module; {@code raft simulate --help}
 * prints them.
 */
@Command(name = "simulate", description = "Run seeded simulations of a cluster under faults (see --help).",
    exitCodeListHeading = ExitCodes.HELP_HEADING,
    exitCodeList = {"0:no run violated a safety property", "1:a run violated one (seed and shrunk schedule printed)",
        "64:usage error"})
public final class SimulateCommand implements Callable<Integer> {
  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    return SimulateMain.run(args.toArray(new String[0]), System.out, System.err);
  }
}
