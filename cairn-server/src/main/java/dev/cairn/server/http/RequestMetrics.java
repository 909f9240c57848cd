package dev.cairn.server.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Counts and times every request per route (the route's pattern, not the raw path, so that
 * artifact paths do not explode the number of series) and writes one access-log line for it.
 */
public final class RequestMetrics {
    private static final Logger ACCESS_LOG = LoggerFactory.getLogger("cairn.access");

    private final PrometheusMeterRegistry registry;

    /** Records into a Prometheus registry. */
    public RequestMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /** Records one finished request; Javalin's request logger calls this. */
    public void record(Context ctx, Float milliseconds) {
        String route = routeOf(ctx);
        Timer.builder("http_server_requests")
                .description("HTTP requests by route, method and status")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(registry)
                .record((long) (milliseconds * 1_000_000L), TimeUnit.NANOSECONDS);
        ACCESS_LOG.info("{} {} {} {} {}ms", ctx.ip(), ctx.method(), ctx.path(), ctx.statusCode(), String.format("%.1f", milliseconds));
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
