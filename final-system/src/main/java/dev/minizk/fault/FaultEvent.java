package dev.minizk.fault;

import java.util.List;

/**
 * One fault as the timeline shows it.
 *
 * @param time    when it was injected (ms since the epoch)
 * @param action  kill, pause, resume, restart, partition or heal
 * @param servers the servers it acted on (for partition: one side)
 * @param others  for partition: the other side; else empty
 * @param by      who asked: {@code minizk fault}, or {@code the page of server K}
 * @param outcome what happened, one line per server
 */
public record FaultEvent(long time, String action, List<Integer> servers, List<Integer> others, String by, List<String> outcome) {
    public FaultEvent {
        servers = List.copyOf(servers);
        others = List.copyOf(others);
        outcome = List.copyOf(outcome);
    }
}
