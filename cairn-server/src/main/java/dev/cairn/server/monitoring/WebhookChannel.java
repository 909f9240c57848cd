package dev.cairn.server.monitoring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static java.util.Objects.requireNonNull;

/**
 * Delivers alerts to webhooks: a JSON POST, retried with exponential backoff (1 s, 2 s, 4 s, ...)
 * until the receiver answers 2xx or the attempts run out. One thread delivers in order, so a
 * receiver hears that an alert fired before it hears that it resolved, and a slow or dead
 * receiver never holds up monitoring; a bounded queue keeps a dead one from piling up memory. A
 * failed delivery is logged, never thrown.
 */
public final class WebhookChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookChannel.class);
    /** How long one attempt may take, connecting included: one dead receiver delays the others by at most a few times this. */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    /** Deliveries waiting beyond this many are dropped and logged. */
    private static final int MAX_PENDING = 1_000;

    /** One alert on its way to one receiver. */
    private record Delivery(URI target, String json) {
    }

    private final int attempts;
    private final Duration firstBackoff;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(ATTEMPT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    private final BlockingQueue<Delivery> pending = new LinkedBlockingQueue<>(MAX_PENDING);
    private final Thread sender;

    /** A channel making up to {@code attempts} tries per delivery, waiting {@code firstBackoff}, then twice as long each time. */
    public WebhookChannel(int attempts, Duration firstBackoff) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1");
        }
        this.attempts = attempts;
        this.firstBackoff = requireNonNull(firstBackoff, "firstBackoff is null");
        this.sender = new Thread(this::deliverAll, "cairn-webhooks");
        sender.setDaemon(true);
        sender.start();
    }

    /** The server's channel: 4 attempts over about 7 s of waiting. */
    public static WebhookChannel standard() {
        return new WebhookChannel(4, Duration.ofSeconds(1));
    }

    /** Queues a JSON body for delivery to {@code target}; returns at once. */
    public void send(URI target, String json) {
        if (!pending.offer(new Delivery(target, json))) {
            LOG.warn("Alert webhook {} dropped: {} deliveries are already waiting", target, MAX_PENDING);
        }
    }

    private void deliverAll() {
        try {
            while (true) {
                deliver(pending.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(Delivery delivery) throws InterruptedException {
        if (linkLocal(delivery.target())) {
            LOG.warn("Alert webhook {} not delivered: its host resolves to a link-local address", delivery.target());
            return;
        }
        for (int attempt = 1; ; attempt++) {
            String failure;
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(delivery.target()).timeout(ATTEMPT_TIMEOUT)
                        .header("Content-Type", "application/json").header("User-Agent", "cairn-alerts")
                        .POST(HttpRequest.BodyPublishers.ofString(delivery.json())).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    return;
                }
                failure = "status " + response.statusCode();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt >= attempts) {
                LOG.warn("Alert webhook {} failed {} times, giving up (last: {})", delivery.target(), attempts, failure);
                return;
            }
            Duration backoff = firstBackoff.multipliedBy(1L << (attempt - 1));
            LOG.info("Alert webhook {} attempt {} failed ({}); retrying in {} ms", delivery.target(), attempt, failure, backoff.toMillis());
            Thread.sleep(backoff.toMillis());
        }
    }

    /** True if the target's host resolves to a link-local address (where clouds serve instance credentials), however it is written. */
    private static boolean linkLocal(URI target) {
        try {
            for (InetAddress address : InetAddress.getAllByName(target.getHost())) {
                if (address.isLinkLocalAddress() || address.isAnyLocalAddress()) {
                    return true;
                }
            }
            return false;
        } catch (UnknownHostException e) {
            // Unresolvable: the attempts fail and say so.
            return false;
        }
    }

    /** Stops delivering; deliveries still waiting are dropped. */
    @Override
    public void close() {
        sender.interrupt();
    }
}
