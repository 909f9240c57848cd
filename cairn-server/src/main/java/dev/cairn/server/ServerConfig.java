package dev.cairn.server;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How the HTTP server listens.
 *
 * @param host the address to bind; loopback unless the operator opens it up
 * @param port the port, or 0 for any free port
 * @param shutdownGrace how long a stopping server lets requests in flight finish
 */
public record ServerConfig(String host, int port, Duration shutdownGrace) {
    /** The default: loopback, MLflow's port 5000, 30 seconds of grace. */
    public static final ServerConfig DEFAULT = new ServerConfig("127.0.0.1", 5000, Duration.ofSeconds(30));

    public ServerConfig {
        requireNonNull(host, "host is null");
        requireNonNull(shutdownGrace, "shutdownGrace is null");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535; got " + port);
        }
    }
}
