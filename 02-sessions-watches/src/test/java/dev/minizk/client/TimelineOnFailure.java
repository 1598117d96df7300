package dev.minizk.client;

import dev.minizk.inprocess.InProcessNetwork;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.util.ArrayList;
import java.util.List;

/** Prints the in-process networks' timelines when a test fails: what happened, when, on which connection. */
final class TimelineOnFailure implements TestWatcher {
    private final List<InProcessNetwork> networks = new ArrayList<>();

    TimelineOnFailure(InProcessNetwork... networks) {
        this.networks.addAll(List.of(networks));
    }

    InProcessNetwork watch(InProcessNetwork network) {
        networks.add(network);
        return network;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        for (InProcessNetwork network : networks) {
            System.out.println("---- timeline of " + context.getDisplayName() + " (last events, virtual ms)");
            System.out.println(network.timelineText());
        }
    }
}
