package dev.minizk.status;

import dev.minizk.net.ServerRuntime;
import dev.minizk.server.ClientFacingServer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A server process's status page: one HTML page (with its CSS and script, served from this
 * package's resources, because the page must work without internet) and the JSON API it polls.
 *
 * <pre>
 * GET /                              the page
 * GET /api/status                    {@link StatusView}
 * GET /api/sessions                  [{@link SessionView}]
 * GET /api/txns                      [{@link TxnView}], newest first
 * GET /api/node?path=/a/b            {@link NodeView}; 400 for a missing or invalid path, 404 for no node
 * GET /api/children?path=/a&amp;limit=N  {@link ChildrenView}, sorted by name, at most N (default 500)
 * GET /api/ensemble                  {@link EnsembleView} (an ensemble member only)
 * </pre>
 * and an ensemble member's every-member view, fault log and fault injection ({@link EnsembleRoutes}).
 *
 * <p>Every read is a function run on the server's loop thread through {@link ServerRuntime#submit}
 * (see {@link StatusQueries}); HTTP threads only wait for its result, for at most {@link #QUERY_TIMEOUT_MILLIS}.
 * Every refused request gets a JSON {@link ApiError}, never a stack trace.
 */
public final class StatusServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusServer.class);
    /** How long a request waits for the loop before answering 503: the loop answers in microseconds unless stuck. */
    static final long QUERY_TIMEOUT_MILLIS = 5_000;
    static final int DEFAULT_CHILD_LIMIT = 500;
    static final int MAX_CHILD_LIMIT = 10_000;
    /** The page's files: name -> content type. Loaded once, so a missing one fails at start, not on a click. */
    private static final Map<String, String> ASSETS = Map.of(
            "index.html", "text/html; charset=utf-8",
            "status.css", "text/css; charset=utf-8",
            "status.js", "text/javascript; charset=utf-8",
            "ensemble.js", "text/javascript; charset=utf-8");

    private final ServerRuntime runtime;
    private final InetSocketAddress bind;
    private final Javalin app;
    private final EnsembleRoutes routes = new EnsembleRoutes(this);
    /**
     * When this server started watching the runtime, which starts it right after the runtime
     * itself: the uptime the page shows (the runtime does not publish its own start time).
     */
    private final long startedAt = System.currentTimeMillis();

    private StatusServer(ServerRuntime runtime, InetSocketAddress bind) {
        this.runtime = runtime;
        this.bind = bind;
        this.app = Javalin.create(config -> config.showJavalinBanner = false);
        routes();
    }

    /**
     * Serves the status page of {@code runtime} on {@code bind} (port 0 picks a free port).
     *
     * @throws IOException when the address cannot be bound (in use, say)
     */
    public static StatusServer start(ServerRuntime runtime, InetSocketAddress bind) throws IOException {
        if (bind.getPort() != 0) {
            probe(bind); // a busy port fails here, plainly, before Jetty logs its own error
        }
        StatusServer server = new StatusServer(runtime, bind);
        try {
            server.app.start(bind.getHostString(), bind.getPort());
        } catch (RuntimeException e) {
            server.app.stop();
            // Javalin wraps the bind failure; its innermost cause says why ("Address already in use").
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new IOException(cause.getMessage() != null ? cause.getMessage() : e.toString(), e);
        }
        server.routes.publish(server.url());
        return server;
    }

    private static void probe(InetSocketAddress bind) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as Jetty: a port in TIME_WAIT is free
            socket.bind(bind);
        }
    }

    public int port() {
        return app.port();
    }

    /** The page's address, {@code http://host:port/}; a wildcard bind is reached through loopback. */
    public String url() {
        String host = bind.getAddress() == null || bind.getAddress().isAnyLocalAddress()
                ? "127.0.0.1" : bind.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    @Override
    public void close() {
        app.stop();
    }

    // ------------------------------------------------------------------ routes

    private void routes() {
        ASSETS.forEach((name, type) -> {
            byte[] content = asset(name);
            if (name.equals("index.html")) {
                StatusPage page = new StatusPage(content);
                Handler serve = ctx -> ctx.contentType(type).header("Cache-Control", "no-store").result(firstSnapshot(page));
                app.get("/", serve);
                app.get("/" + name, serve);
            } else {
                app.get("/" + name, ctx -> ctx.contentType(type).header("Cache-Control", "no-cache").result(content));
            }
        });
        app.before(ctx -> {
            // The page needs nothing from elsewhere; saying so stops injected markup from loading anything.
            ctx.header("Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'");
            ctx.header("X-Content-Type-Options", "nosniff");
        });
        app.before("/api/*", ctx -> ctx.header("Cache-Control", "no-store"));

        app.get("/api/status", ctx -> ctx.json(status()));
        app.get("/api/sessions", ctx -> ctx.json(onLoop(StatusQueries::sessions)));
        app.get("/api/ensemble", ctx -> ctx.json(onLoop(EnsembleQueries::ensemble)));
        routes.register(app); // an ensemble member's: every member side by side, the fault log, fault injection
        app.get("/api/txns", ctx -> ctx.json(onLoop(StatusQueries::recentTxns)));
        app.get("/api/node", ctx -> {
            String path = pathParameter(ctx);
            ctx.json(onLoop(s -> StatusQueries.node(s, path)));
        });
        app.get("/api/children", ctx -> {
            String path = pathParameter(ctx);
            int limit = limitParameter(ctx);
            ctx.json(onLoop(s -> StatusQueries.children(s, path, limit)));
        });

        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage(), e.parameter()));
        app.exception(Exception.class, (e, ctx) -> {
            log.warn("status page: {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error: " + e, null);
        });
        // Javalin's own 404 is text; an API client gets JSON like every other refusal.
        app.error(HttpStatus.NOT_FOUND, ctx -> {
            if (ctx.path().startsWith("/api/") && !"application/json".equals(ctx.res().getContentType())) {
                error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path()
                        + " (try /api/status, /api/ensemble, /api/members, /api/ensemble/faults, /api/sessions, /api/txns, /api/node?path=/, /api/children?path=/)", null);
            }
        });
    }

    private StatusView status() {
        return onLoop(s -> StatusQueries.status(s, runtime.connectString(), startedAt,
                System.currentTimeMillis(), runtime.internalErrorCount()));
    }

    /** The page with the state filled in; a stopped server's page still loads, and says so. */
    private byte[] firstSnapshot(StatusPage page) {
        try {
            return page.render(status());
        } catch (ApiException e) {
            return page.renderUnavailable();
        }
    }

    private static void error(Context ctx, int status, String message, String parameter) {
        ctx.status(status).json(new ApiError(status, message, parameter));
    }

    /** Runs a read on the server's loop thread and waits for it; failures become API errors. */
    <T> T onLoop(Function<ClientFacingServer, T> query) {
        try {
            return runtime.submit(query).get(QUERY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, null, "interrupted while waiting for the server");
        } catch (TimeoutException e) {
            throw new ApiException(503, null, "the server did not answer within " + QUERY_TIMEOUT_MILLIS + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ApiException api) {
                throw api;
            }
            if (cause instanceof IllegalStateException && !runtime.isRunning()) {
                throw new ApiException(503, null, "the server is stopped");
            }
            throw new IllegalStateException("the query failed on the server's loop: " + cause, cause);
        }
    }

    /** The {@code path} query parameter; the path itself is checked on the loop, next to the lookup. */
    private static String pathParameter(Context ctx) {
        String path = ctx.queryParam("path");
        if (path == null || path.isEmpty()) {
            throw ApiException.badParameter("path", "missing query parameter 'path' (a znode path such as /a/b)");
        }
        return path;
    }

    private static int limitParameter(Context ctx) {
        String text = ctx.queryParam("limit");
        if (text == null || text.isEmpty()) {
            return DEFAULT_CHILD_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_CHILD_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the same message
        }
        throw ApiException.badParameter("limit", "query parameter 'limit' must be a whole number 1.."
                + MAX_CHILD_LIMIT + ", got '" + text + "'");
    }

    private static byte[] asset(String name) {
        try (InputStream in = StatusServer.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the status page's " + name + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
