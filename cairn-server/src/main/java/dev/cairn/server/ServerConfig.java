package dev.cairn.server;

import dev.cairn.serve.log.PredictionLogSettings;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How the HTTP server listens.
 *
 * @param host the address to bind; loopback unless the operator opens it up
 * @param port the port, or 0 for any free port
 * @param shutdownGrace how long a stopping server lets requests in flight finish
 * @param predictionLog how the prediction log queues and rolls its segments
 * @param pipelineThreads stored pipelines the server runs at once; 0 leaves them to {@code cairn worker} processes
 */
public record ServerConfig(String host, int port, Duration shutdownGrace, PredictionLogSettings predictionLog, int pipelineThreads) {
    /** The default: loopback, MLflow's port 5000, 30 seconds of grace. */
    public static final ServerConfig DEFAULT = new ServerConfig("127.0.0.1", 5000, Duration.ofSeconds(30));

    /** A configuration with the default prediction log. */
    public ServerConfig(String host, int port, Duration shutdownGrace) {
        this(host, port, shutdownGrace, PredictionLogSettings.DEFAULT);
    }

    /** A configuration running two pipelines at once. */
    public ServerConfig(String host, int port, Duration shutdownGrace, PredictionLogSettings predictionLog) {
        this(host, port, shutdownGrace, predictionLog, 2);
    }

    public ServerConfig {
        requireNonNull(host, "host is null");
        requireNonNull(shutdownGrace, "shutdownGrace is null");
        requireNonNull(predictionLog, "predictionLog is null");
        if (pipelineThreads < 0) {
            throw new IllegalArgumentException("pipelineThreads must be >= 0; got " + pipelineThreads);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535; got " + port);
        }
    }
}
