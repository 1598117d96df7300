package dev.minizk.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minizk.fault.EnsembleDirectory;
import dev.minizk.fault.FaultEvent;
import dev.minizk.fault.FaultException;
import dev.minizk.fault.Faults;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The routes only an ensemble member's page has, besides {@code GET /api/ensemble}:
 *
 * <pre>
 * GET  /api/members                      {@link MembersView}: every member's /api/ensemble side by side
 * GET  /api/ensemble/faults              {@link FaultsView}: the ensemble's fault log, newest first (the timeline)
 * POST /api/ensemble/faults/{action}?servers=1,2[&amp;others=3]   kill, pause, resume, restart, partition, heal
 * POST /api/faults/cut?peers=1,3         cut this member's links to those peers (one side of a partition)
 * POST /api/faults/heal                  heal every cut link of this member
 * </pre>
 *
 * The other members' pages are found through the ensemble directory ({@link EnsembleDirectory}:
 * each page publishes its URL there when it starts), and asked from here, so the browser talks to
 * one page only. Fault requests are taken only from this machine (a loopback address) and only
 * with the header {@link Faults#CONFIRM_HEADER}, which the page's confirm dialog adds.
 */
final class EnsembleRoutes {
    private static final Logger log = LoggerFactory.getLogger(EnsembleRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long the side-by-side view waits for another member's page: a paused one never answers. */
    static final Duration MEMBER_TIMEOUT = Duration.ofMillis(2_000);

    /** Every member as its own page tells it; {@code view} is its /api/ensemble, null when unreachable. */
    record MembersView(int serverId, List<MemberPage> members) {
    }

    record MemberPage(int id, String statusPage, boolean reachable, String error, Object view) {
    }

    record FaultsView(String log, List<FaultEvent> faults) {
    }

    record FaultAnswer(String action, List<String> outcome) {
    }

    /** Where a member's files are: learned once, a member's id and dataDir never change. */
    record Place(int id, Optional<EnsembleDirectory> directory) {
    }

    private final StatusServer status;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(MEMBER_TIMEOUT).build();
    private volatile Optional<Place> place;

    EnsembleRoutes(StatusServer status) {
        this.status = status;
    }

    void register(Javalin app) {
        app.get("/api/members", ctx -> ctx.json(members()));
        app.get("/api/ensemble/faults", ctx -> {
            EnsembleDirectory directory = directory();
            ctx.json(new FaultsView(directory.faultLog().file().toString(), directory.faultLog().recent()));
        });
        app.post("/api/ensemble/faults/{action}", this::inject);
        app.post("/api/faults/cut", ctx -> {
            guard(ctx);
            Set<Integer> peers = peersParameter(ctx);
            ctx.json(status.onLoop(s -> EnsembleQueries.cut(s, peers)));
        });
        app.post("/api/faults/heal", ctx -> {
            guard(ctx);
            ctx.json(status.onLoop(EnsembleQueries::heal));
        });
    }

    /** After the page listens: its URL into the ensemble directory, for the other members and {@code minizk fault}. */
    void publish(String url) {
        try {
            Optional<Place> member = place();
            if (member.isPresent() && member.get().directory().isPresent()) {
                member.get().directory().get().publishStatusPage(member.get().id(), url);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("status page: cannot publish its URL for the other members: {}", e.toString());
        }
    }

    private Optional<Place> place() {
        Optional<Place> known = place;
        if (known == null) {
            known = status.onLoop(EnsembleQueries::place);
            place = known;
        }
        return known;
    }

    private Place member() {
        return place().orElseThrow(() -> new ApiException(404, null, "a standalone server has no ensemble"));
    }

    private EnsembleDirectory directory() {
        return member().directory().orElseThrow(() -> new ApiException(409, null,
                "this member's dataDir is not laid out as 'minizk ensemble' lays it out (DIR/serverK): no fault log or fault buttons"));
    }

    // ------------------------------------------------------------------ every member side by side

    private MembersView members() {
        Place me = member();
        EnsembleView mine = status.onLoop(EnsembleQueries::ensemble);
        Map<Integer, CompletableFuture<MemberPage>> asked = new TreeMap<>();
        for (EnsembleView.MemberView member : mine.members()) {
            if (member.self()) {
                asked.put(member.id(), CompletableFuture.completedFuture(new MemberPage(member.id(), null, true, null, mine)));
            } else {
                asked.put(member.id(), ask(member.id()));
            }
        }
        List<MemberPage> pages = new ArrayList<>();
        asked.values().forEach(page -> pages.add(page.join()));
        return new MembersView(me.id(), pages);
    }

    private CompletableFuture<MemberPage> ask(int id) {
        Optional<String> url;
        try {
            url = member().directory().isEmpty() ? Optional.empty() : member().directory().get().statusPage(id);
        } catch (IOException e) {
            url = Optional.empty();
        }
        if (url.isEmpty()) {
            return CompletableFuture.completedFuture(new MemberPage(id, null, false, "its status page is not known here", null));
        }
        String page = url.get();
        HttpRequest request = HttpRequest.newBuilder(URI.create(page + "api/ensemble")).timeout(MEMBER_TIMEOUT).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((answer, failure) -> {
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                return new MemberPage(id, page, false, unreachable(cause), null);
            }
            try {
                JsonNode body = JSON.readTree(answer.body());
                if (answer.statusCode() != 200) {
                    return new MemberPage(id, page, false, body.path("error").asText("HTTP " + answer.statusCode()), null);
                }
                return new MemberPage(id, page, true, null, body);
            } catch (IOException e) {
                return new MemberPage(id, page, false, "its page answered something else than JSON", null);
            }
        });
    }

    private static String unreachable(Throwable cause) {
        if (cause instanceof HttpTimeoutException) {
            return "no answer within " + MEMBER_TIMEOUT.toMillis() + " ms (paused?)";
        }
        if (cause instanceof ConnectException) {
            return "connection refused (down?)";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    // ------------------------------------------------------------------ faults

    private void inject(Context ctx) throws IOException {
        guard(ctx);
        Faults faults = new Faults(directory(), "the page of server " + member().id());
        try {
            Faults.Action action = Faults.Action.parse(ctx.pathParam("action"));
            Set<Integer> servers = action == Faults.Action.HEAL ? Set.of() : faults.group("servers", ctx.queryParam("servers"));
            String others = ctx.queryParam("others");
            Set<Integer> otherSide = action == Faults.Action.PARTITION && others != null && !others.isBlank()
                    ? faults.group("others", others) : Set.of();
            ctx.json(new FaultAnswer(action.word(), faults.inject(action, servers, otherSide)));
        } catch (FaultException e) {
            throw new ApiException(e.parameter() != null ? 400 : 409, e.parameter(), e.getMessage());
        }
    }

    /** Faults only from this machine, and only with the confirm header (which a form elsewhere cannot send). */
    private static void guard(Context ctx) {
        if (!loopback(ctx.req().getRemoteAddr())) {
            throw new ApiException(403, null, "faults are taken only from this machine (a loopback address), not from "
                    + ctx.req().getRemoteAddr());
        }
        if (!"yes".equals(ctx.header(Faults.CONFIRM_HEADER))) {
            throw new ApiException(403, Faults.CONFIRM_HEADER, "a fault needs the header " + Faults.CONFIRM_HEADER
                    + ": yes (the page's confirm dialog sends it)");
        }
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code peers=1,3}: the server ids to cut off. */
    private static Set<Integer> peersParameter(Context ctx) {
        String text = ctx.queryParam("peers");
        if (text == null || text.isBlank()) {
            throw new ApiException(400, "peers", "'peers' is missing: the server ids to cut off, as peers=1,3");
        }
        Set<Integer> ids = new TreeSet<>();
        for (String id : text.split(",")) {
            try {
                ids.add(Integer.parseInt(id.trim()));
            } catch (NumberFormatException e) {
                throw new ApiException(400, "peers", "'peers' must be server ids separated by commas, got '" + text + "'");
            }
        }
        return ids;
    }
}
