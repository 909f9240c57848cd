package dev.cairn.server.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts and times every request per route (the route's pattern, not the raw path, so that
 * artifact paths do not explode the number of series) and writes one access-log line for it.
 * Scoring requests are logged at DEBUG only: the prediction log records each of them already, and
 * a line per prediction at thousands a second would cost more than the prediction.
 */
public final class RequestMetrics {
    private static final Logger ACCESS_LOG = LoggerFactory.getLogger("cairn.access");

    private final PrometheusMeterRegistry registry;
    /** One timer per method, route and status, built once: building one per request showed in serving profiles. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /** Records into a Prometheus registry. */
    public RequestMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /** Records one finished request; Javalin's request logger calls this. */
    public void record(Context ctx, Float milliseconds) {
        String route = routeOf(ctx);
        String method = ctx.method().name();
        int status = ctx.statusCode();
        timers.computeIfAbsent(method + ' ' + route + ' ' + status, key -> Timer.builder("http_server_requests")
                        .description("HTTP requests by route, method and status")
                        .tag("method", method)
                        .tag("route", route)
                        .tag("status", Integer.toString(status))
                        .register(registry))
                .record((long) (milliseconds * 1_000_000L), TimeUnit.NANOSECONDS);
        boolean scoring = route.startsWith("/v2/models/") || route.endsWith("/invocations");
        if (scoring ? ACCESS_LOG.isDebugEnabled() : ACCESS_LOG.isInfoEnabled()) {
            String line = String.format("%s %s %s %d %.1fms", ctx.ip(), method, ctx.path(), status, milliseconds);
            if (scoring) {
                ACCESS_LOG.debug(line);
            } else {
                ACCESS_LOG.info(line);
            }
        }
    }

    /** The Prometheus text exposition of every registered meter. */
    public String scrape() {
        return registry.scrape();
    }

    private static String routeOf(Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }
}
