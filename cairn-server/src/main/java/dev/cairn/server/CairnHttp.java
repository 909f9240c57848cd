package dev.cairn.server;

import dev.cairn.core.store.MetadataStore;
import dev.cairn.server.http.ErrorResponses;
import dev.cairn.server.http.Json;
import dev.cairn.server.http.JsonErrorHandler;
import dev.cairn.server.http.PrometheusNames;
import dev.cairn.server.http.RequestFields;
import dev.cairn.server.http.RequestMetrics;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.handler.GracefulHandler;

import java.util.function.Consumer;

/**
 * The Javalin app every Cairn process serves on, the full server and a serving replica alike:
 * graceful stop, JSON errors, request metrics, {@code /health}, {@code /version} and
 * {@code /metrics}; the caller adds its own routes.
 */
final class CairnHttp {
    private CairnHttp() {
    }

    /** A Prometheus registry with the JVM's and the process's meters bound. */
    static PrometheusMeterRegistry meters() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusNames.apply(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    /** The app, not yet started, with the common routes and then {@code routes}. */
    static Javalin app(ServerConfig config, PrometheusMeterRegistry registry, MetadataStore metadata, Consumer<RoutesConfig> routes) {
        RequestMetrics requestMetrics = new RequestMetrics(registry);
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = RequestFields.MAX_JSON_BODY_BYTES;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.jetty.modifyServer(server -> {
                // Stopping closes the connector first, then waits for requests in flight.
                server.setStopTimeout(config.shutdownGrace().toMillis());
                server.setHandler(new GracefulHandler());
                server.setErrorHandler(new JsonErrorHandler());
            });
            cfg.requestLogger.http(requestMetrics::record);
            ErrorResponses.register(cfg.routes);
            cfg.routes.get("/health", ctx -> {
                boolean healthy = metadata.isHealthy();
                ctx.status(healthy ? 200 : 503);
                Json.respond(ctx, Json.object().put("status", healthy ? "OK" : "UNAVAILABLE")
                        .put("database", healthy ? "OK" : "UNREACHABLE"));
                ctx.status(healthy ? 200 : 503);
            });
            cfg.routes.get("/version", ctx -> ctx.result(CairnVersion.VERSION));
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(requestMetrics.scrape()));
            routes.accept(cfg.routes);
        });
    }
}
