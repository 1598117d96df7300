package dev.minizk.cli;

import dev.minizk.fault.EnsembleDirectory;
import dev.minizk.fault.FaultException;
import dev.minizk.fault.Faults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code minizk fault}: faults for live demos against an ensemble that {@code minizk ensemble
 * --data DIR} runs, as the status page's buttons inject them (both are {@link Faults}): each is
 * written to {@code DIR/faults.log}, the timeline every member's page shows.
 */
@Command(name = "fault", mixinStandardHelpOptions = true,
        description = {"Injects a fault into an ensemble started by 'minizk ensemble --data DIR':",
                "  kill K...     SIGKILL the servers        pause K...   SIGSTOP them     resume K...  SIGCONT them",
                "  restart K...  start stopped servers again (the ensemble command does it)",
                "  partition A,B C,D   cut every link between the groups (one group: cut it off from the rest)",
                "  heal          mend every cut link",
                "Every fault appears on the timeline of every server's status page."})
final class FaultCommand implements Callable<Integer> {
    /** The parameter a bad server id is blamed on, as the usage line names it. */
    private static final String SERVERS = "SERVERS";

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "The ensemble's --data directory.")
    Path data;

    @Parameters(index = "0", paramLabel = "ACTION", description = "kill, pause, resume, restart, partition or heal")
    String action;

    @Parameters(index = "1..*", paramLabel = "SERVERS", description = "Server ids; for partition, groups like 1,2 3")
    List<String> servers = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Faults faults = new Faults(new EnsembleDirectory(data), "minizk fault");
        try {
            Faults.Action chosen = Faults.Action.parse(action);
            faults.servers(); // no ensemble there: say so before anything else
            List<String> lines = switch (chosen) {
                case HEAL -> faults.inject(chosen, Set.of(), Set.of());
                case PARTITION -> {
                    if (servers.isEmpty() || servers.size() > 2) {
                        throw new FaultException("servers", "partition needs one or two groups of server ids, e.g. 1,2 3");
                    }
                    yield faults.inject(chosen, faults.group(SERVERS, servers.get(0)),
                            servers.size() == 2 ? faults.group(SERVERS, servers.get(1)) : Set.of());
                }
                default -> {
                    if (servers.isEmpty()) {
                        throw new FaultException(null, action + " needs the ids of the servers, e.g. minizk fault " + action
                                + " 2 --data " + data);
                    }
                    yield faults.inject(chosen, faults.group(SERVERS, String.join(",", servers)), Set.of());
                }
            };
            lines.forEach(out::println);
        } catch (FaultException e) {
            throw new ConfigException(SERVERS.equals(e.parameter()) ? SERVERS + ": " + e.getMessage() : e.getMessage());
        }
        out.flush();
        return Main.EXIT_OK;
    }
}
