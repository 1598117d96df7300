package dev.minizk.sim.search;

import dev.minizk.sim.Simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A model-checking search over a small world: breadth-first over every order in which its
 * pending events may happen ({@link EnabledChoices}), states deduplicated by
 * {@link WorldState}, every invariant checked in every new state. Breadth-first, so the first
 * violation found has a shortest trace, and so has the first state where the goal holds
 * (liveness as "some path gets there").
 *
 * <p>A world is forked by replay: the scenario builds its initial world again (the same seed,
 * so the same world) and the path's choices are applied to it. That costs the path's length
 * per state, which for the small configurations searched here (three servers, paths of a few
 * dozen events) is microseconds, and it needs nothing of the nodes but determinism: no deep
 * copies of node objects, no cloning of closures in the queue.
 *
 * <pre>{@code
 * SearchResult result = new Search<>("fle-3", () -> threeVoters(seed))
 *         .invariant("one leader per round", Elections::oneLeaderPerRound)
 *         .goal("all decided", Elections::allDecided)
 *         .bounds(new Search.Bounds(14, 200_000, 0, 0, true))
 *         .run();
 * }</pre>
 *
 * @param <M> the message family of the world's nodes
 */
public final class Search<M> {

    /**
     * How far to look.
     *
     * @param maxDepth      longest path explored
     * @param maxStates     the search stops after this many distinct states
     * @param maxDrops      messages a path may lose (only on a network with a loss rate)
     * @param maxDuplicates messages a path may duplicate (only on a network with a duplicate rate)
     * @param quietTimers   timers fire only when no message (and no other work) is in flight: the
     *                      partly synchronous world a timeout is tuned for (messages take less than
     *                      any timeout), and a far smaller search; false explores the fully
     *                      asynchronous world, where a timer may fire while anything is on its way
     */
    public record Bounds(int maxDepth, long maxStates, int maxDrops, int maxDuplicates, boolean quietTimers) {
        public Bounds {
            if (maxDepth < 1 || maxStates < 1 || maxDrops < 0 || maxDuplicates < 0) {
                throw new IllegalArgumentException("depth and states must be positive, drops and duplicates not negative: " + this);
            }
        }
    }

    /** A path, kept as a link to its parent: a frontier of many paths shares their prefixes. */
    private record Path(Path parent, Choice choice, int depth, int drops, int duplicates) {
        List<Choice> choices() {
            List<Choice> all = new ArrayList<>(depth);
            for (Path p = this; p.choice != null; p = p.parent) {
                all.add(p.choice);
            }
            Collections.reverse(all);
            return all;
        }
    }

    private final String scenario;
    private final Supplier<Simulator<M>> world;
    private final Map<String, Function<Simulator<M>, Optional<String>>> invariants = new LinkedHashMap<>();
    private Predicate<Simulator<M>> goal = sim -> false;
    private String goalName = "none";
    private Predicate<Simulator<M>> prune = sim -> false;
    private Bounds bounds = new Bounds(20, 100_000, 0, 0, true);

    /**
     * @param scenario a name for the world (it names trace files)
     * @param world    builds the initial world, the same every time it is called
     */
    public Search(String scenario, Supplier<Simulator<M>> world) {
        this.scenario = scenario;
        this.world = world;
    }

    /** A property every reachable state must have: {@code check} returns what is wrong, or empty. */
    public Search<M> invariant(String name, Function<Simulator<M>, Optional<String>> check) {
        invariants.put(name, check);
        return this;
    }

    /** A state some path should reach; the result holds the shortest path to one. */
    public Search<M> goal(String name, Predicate<Simulator<M>> reached) {
        this.goalName = name;
        this.goal = reached;
        return this;
    }

    /** States not worth exploring further (checked, but their successors are not). */
    public Search<M> prune(Predicate<Simulator<M>> leaf) {
        this.prune = leaf;
        return this;
    }

    public Search<M> bounds(Bounds bounds) {
        this.bounds = bounds;
        return this;
    }

    /** Rebuilds the world and replays a path: a fork of the state at the path's end. */
    public Simulator<M> replay(List<Choice> choices) {
        Simulator<M> sim = world.get();
        for (Choice choice : choices) {
            Trace.apply(sim, choice);
        }
        return sim;
    }

    public SearchResult run() {
        long started = System.nanoTime(); // only to report how long the search took
        Set<WorldState> seen = new HashSet<>();
        ArrayDeque<Path> frontier = new ArrayDeque<>();
        Path root = new Path(null, null, 0, 0, 0);
        Simulator<M> initial = world.get();
        seen.add(WorldState.of(initial));
        Optional<Trace> goalTrace = Optional.empty();
        Optional<Trace> violation = check(initial, root);
        if (goal.test(initial)) {
            goalTrace = Optional.of(trace(root, "goal: " + goalName));
        }
        frontier.add(root);
        long transitions = 0;
        int maxDepth = 0;
        boolean cut = false;
        while (violation.isEmpty() && !frontier.isEmpty()) {
            Path path = frontier.poll();
            if (path.depth >= bounds.maxDepth()) {
                cut = true;
                continue;
            }
            Simulator<M> sim = path == root ? initial : replay(path.choices());
            if (path != root && prune.test(sim)) {
                continue;
            }
            List<Choice> choices = EnabledChoices.of(sim, bounds.maxDrops() - path.drops, bounds.maxDuplicates() - path.duplicates,
                    bounds.quietTimers());
            for (int i = 0; i < choices.size() && violation.isEmpty(); i++) {
                Choice choice = choices.get(i);
                Simulator<M> child = i == 0 && path != root ? sim : replay(path.choices());
                Path next = new Path(path, choice, path.depth + 1,
                        path.drops + (choice.action() == Choice.Action.DROP ? 1 : 0),
                        path.duplicates + (choice.action() == Choice.Action.DUPLICATE ? 1 : 0));
                transitions++;
                Optional<String> crashed = applyCatching(child, choice);
                if (crashed.isPresent()) {
                    violation = Optional.of(trace(next, crashed.get()));
                    break;
                }
                if (!seen.add(WorldState.of(child))) {
                    continue;
                }
                maxDepth = Math.max(maxDepth, next.depth);
                violation = check(child, next);
                if (goalTrace.isEmpty() && goal.test(child)) {
                    goalTrace = Optional.of(trace(next, "goal: " + goalName));
                }
                if (seen.size() >= bounds.maxStates()) {
                    cut = true;
                    frontier.clear();
                    break;
                }
                frontier.add(next);
            }
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        return new SearchResult(scenario, seen.size(), transitions, maxDepth, !cut && violation.isEmpty(),
                violation, goalTrace, elapsedMillis);
    }

    /** Applies a choice; a node that throws (a failed assertion in protocol code) is a violation too. */
    private static <M> Optional<String> applyCatching(Simulator<M> sim, Choice choice) {
        try {
            Trace.apply(sim, choice);
            return Optional.empty();
        } catch (RuntimeException | AssertionError e) {
            return Optional.of("a node threw " + e);
        }
    }

    private Optional<Trace> check(Simulator<M> sim, Path path) {
        for (Map.Entry<String, Function<Simulator<M>, Optional<String>>> invariant : invariants.entrySet()) {
            Optional<String> wrong = invariant.getValue().apply(sim);
            if (wrong.isPresent()) {
                return Optional.of(trace(path, "invariant '" + invariant.getKey() + "' violated: " + wrong.get()));
            }
        }
        return Optional.empty();
    }

    private Trace trace(Path path, String note) {
        return new Trace(scenario, note.replace('\n', ' '), path.choices());
    }
}
