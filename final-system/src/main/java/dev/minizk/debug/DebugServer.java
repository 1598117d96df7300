package dev.minizk.debug;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minizk.election.ThreeVoters;
import dev.minizk.replica.ScriptedEnsemble;
import dev.minizk.sim.search.Choice;
import dev.minizk.sim.search.Trace;
import dev.minizk.status.ApiError;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;

/**
 * The debugger's page and its JSON API, over one {@link DebugSession}. Every action answers
 * the whole {@link DebugView}; every refusal is a JSON {@link ApiError} naming the bad field.
 *
 * <pre>
 * GET  /                  the page (debug.html, debug.css, debug.js: this package's resources, nothing from elsewhere)
 * GET  /api/state         the state shown
 * POST /api/load          {"scenario": "fle-3"}, or {"kind": "election"|"zab", "servers": 3, "seed": 1, "writes": 2, "broken": false}
 * POST /api/trace         a trace file's text: opens it (the tree is its path)
 * POST /api/choose        {"action": "run"|"drop"|"duplicate", "seq": 12}, or {"action": "crash"|"restart"|"isolate"|"heal", "seq": server}
 * POST /api/goto          {"state": 3}: back (or forward) to an explored state
 * GET  /api/trace         the path to the state shown, as a trace file (the search tests' format)
 * </pre>
 */
public final class DebugServer implements AutoCloseable {
    /** The page's files: name -> content type. Loaded at start, so a missing one fails then, not on a click. */
    private static final Map<String, String> ASSETS = Map.of(
            "debug.html", "text/html; charset=utf-8",
            "debug.css", "text/css; charset=utf-8",
            "debug.js", "text/javascript; charset=utf-8");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DebugSession session;
    private final Javalin app;
    private final String host;

    private DebugServer(DebugSession session, String host) {
        this.session = session;
        this.host = host;
        this.app = Javalin.create(config -> config.showJavalinBanner = false);
        routes();
    }

    /**
     * Serves a session that starts on {@code scenario} (or on {@code trace}, when not null) on
     * {@code bind} (port 0 picks a free port).
     *
     * @throws IllegalArgumentException for a scenario or trace that names no world or does not replay
     * @throws IOException              when the address cannot be bound
     */
    public static DebugServer start(String scenario, Trace trace, InetSocketAddress bind) throws IOException {
        DebugSession session = new DebugSession(trace == null ? scenario : trace.scenario());
        if (trace != null) {
            session.load(trace);
        }
        DebugServer server = new DebugServer(session, bind.getHostString());
        try {
            server.app.start(bind.getHostString(), bind.getPort());
        } catch (RuntimeException e) {
            server.app.stop();
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause(); // Javalin wraps the bind failure; the innermost cause says why
            }
            throw new IOException(cause.getMessage() != null ? cause.getMessage() : e.toString(), e);
        }
        return server;
    }

    public int port() {
        return app.port();
    }

    /** The page's address, {@code http://127.0.0.1:PORT/}. */
    public String url() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    @Override
    public void close() {
        app.stop();
    }

    private void routes() {
        ASSETS.forEach((name, type) -> {
            byte[] content = asset(name);
            app.get("/" + name, ctx -> ctx.contentType(type).header("Cache-Control", "no-cache").result(content));
            if (name.equals("debug.html")) {
                app.get("/", ctx -> ctx.contentType(type).header("Cache-Control", "no-cache").result(content));
            }
        });
        app.before(ctx -> {
            // The page needs nothing from elsewhere; saying so stops injected markup from loading anything.
            ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'");
            ctx.header("X-Content-Type-Options", "nosniff");
        });
        app.before("/api/*", ctx -> ctx.header("Cache-Control", "no-store"));

        app.get("/api/state", ctx -> ctx.json(session.view()));
        app.post("/api/load", ctx -> ctx.json(session.load(scenario(body(ctx)))));
        app.post("/api/trace", ctx -> ctx.json(session.load(parseTrace(ctx.body()))));
        app.post("/api/choose", ctx -> {
            JsonNode body = body(ctx);
            ctx.json(session.choose(action(body), number(body, "seq", 0, Long.MAX_VALUE)));
        });
        app.post("/api/goto", ctx -> ctx.json(session.goTo((int) number(body(ctx), "state", 0, Integer.MAX_VALUE))));
        app.get("/api/trace", ctx -> {
            Trace trace = session.trace();
            ctx.contentType("text/plain; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"" + trace.scenario() + ".trace\"")
                    .result(trace.text());
        });

        app.exception(BadRequest.class, (e, ctx) -> error(ctx, 400, e.getMessage(), e.field));
        app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage(), null));
        app.exception(IllegalStateException.class, (e, ctx) -> error(ctx, 409, e.getMessage(), null));
        app.exception(Exception.class, (e, ctx) -> error(ctx, 500, "internal error: " + e, null));
        app.error(HttpStatus.NOT_FOUND, ctx -> {
            if (ctx.path().startsWith("/api/") && !"application/json".equals(ctx.res().getContentType())) {
                error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path(), null);
            }
        });
    }

    /** A request the API refuses, naming the field to blame. */
    private static final class BadRequest extends RuntimeException {
        private final String field;

        BadRequest(String field, String message) {
            super(message, null, false, false); // an expected answer, not a bug: no stack trace
            this.field = field;
        }
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode body = JSON.readTree(ctx.body());
            if (body == null || !body.isObject()) {
                throw new BadRequest(null, "the body must be a JSON object");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new BadRequest(null, "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    /** The scenario a load asks for: a name, or the form's fields. */
    static String scenario(JsonNode body) {
        if (body.hasNonNull("scenario")) {
            return body.get("scenario").asText();
        }
        String kind = body.path("kind").asText("");
        int servers = (int) number(body, "servers", 3, 7, 3);
        long seed = number(body, "seed", 0, Long.MAX_VALUE, 1);
        boolean broken = body.path("broken").asBoolean(false);
        return switch (kind) {
            case "election" -> ThreeVoters.scenario(servers, broken, seed);
            case "zab" -> ScriptedEnsemble.scenario(servers, (int) number(body, "writes", 0, 9, 2), broken, seed);
            default -> throw new BadRequest("kind", "'kind' must be election or zab (or give 'scenario', like fle-3), got '" + kind + "'");
        };
    }

    private static Choice.Action action(JsonNode body) {
        String text = body.path("action").asText("");
        try {
            return Choice.Action.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("action", "'action' must be run, drop, duplicate, crash, restart, isolate or heal, got '" + text + "'");
        }
    }

    private static long number(JsonNode body, String field, long min, long max) {
        if (!body.hasNonNull(field)) {
            throw new BadRequest(field, "'" + field + "' is missing");
        }
        return number(body, field, min, max, 0);
    }

    private static long number(JsonNode body, String field, long min, long max, long absent) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw new BadRequest(field, "'" + field + "' must be a whole number from " + min + " to " + max + ", got " + value);
        }
        return value.asLong();
    }

    private static Trace parseTrace(String text) {
        try {
            return Trace.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("trace", e.getMessage());
        }
    }

    private static void error(Context ctx, int status, String message, String field) {
        ctx.status(status).json(new ApiError(status, message, field));
    }

    private static byte[] asset(String name) {
        try (InputStream in = DebugServer.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the debugger's " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
