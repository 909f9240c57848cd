package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * Client traffic to a deployment's Open Inference Protocol endpoint ({@code POST
 * /v2/models/NAME/infer}): one row per request, one tensor per column, sent by a few threads at
 * once as independent clients would, each request timed.
 */
final class InferenceTraffic {
    /** Long enough for a request queued behind a busy machine, short enough that a stuck server fails the run. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI endpoint;
    private final int threads;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * What the traffic got.
     *
     * @param sent requests sent
     * @param ok requests answered with 200
     * @param seconds wall time of the whole traffic
     * @param p50Millis median latency of the answered requests
     * @param p99Millis 99th percentile latency of the answered requests
     * @param firstFailure the first failure's status and message, if any failed
     */
    record Report(int sent, int ok, double seconds, double p50Millis, double p99Millis, Optional<String> firstFailure) {
        /** Requests not answered with 200. */
        int failed() {
            return sent - ok;
        }

        /** Requests sent per second of wall time. */
        double requestsPerSecond() {
            return sent / seconds;
        }
    }

    InferenceTraffic(URI endpoint, int threads) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.threads = threads;
    }

    /** The request body of one row of a frame: a tensor of shape [1] per column, FP64 or BYTES, a missing value as null. */
    static String requestBody(Frame rows, int row) {
        ObjectNode request = CairnClient.JSON.createObjectNode();
        ArrayNode inputs = request.putArray("inputs");
        for (Column column : rows.columns()) {
            ObjectNode tensor = inputs.addObject().put("name", column.name());
            tensor.putArray("shape").add(1);
            tensor.put("datatype", column instanceof Column.Numbers ? "FP64" : "BYTES");
            ArrayNode data = tensor.putArray("data");
            if (column.isNull(row)) {
                data.addNull();
            } else if (column instanceof Column.Numbers numbers) {
                data.add(numbers.values()[row]);
            } else {
                data.add(column.text(row));
            }
        }
        return request.toString();
    }

    /** Sends {@code requests} requests, taking the frame's rows in turn, and waits for every answer. */
    Report send(Frame rows, int requests) throws InterruptedException {
        if (rows.rowCount() == 0) {
            throw new IllegalArgumentException("no rows to send");
        }
        List<String> bodies = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            bodies.add(requestBody(rows, i % rows.rowCount()));
        }
        long[] answeredNanos = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests && !Thread.currentThread().isInterrupted(); i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        Optional<String> failure = post(bodies.get(i));
                        if (failure.isEmpty()) {
                            answeredNanos[i] = System.nanoTime() - sent;
                            ok.incrementAndGet();
                        } else {
                            firstFailure.compareAndSet(null, failure.get());
                        }
                    }
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a client thread failed", e.getCause());
        } finally {
            clients.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] latencies = Arrays.stream(answeredNanos).filter(nanos -> nanos > 0).sorted().toArray();
        return new Report(requests, ok.get(), seconds, percentileMillis(latencies, 0.50), percentileMillis(latencies, 0.99),
                Optional.ofNullable(firstFailure.get()));
    }

    /** Posts one request; empty if it was answered with 200, else what went wrong. */
    private Optional<String> post(String body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return Optional.empty();
            }
            String answer = response.body();
            return Optional.of("HTTP " + response.statusCode() + ": " + (answer.length() > 200 ? answer.substring(0, 200) + "..." : answer));
        } catch (IOException e) {
            return Optional.of(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** The nearest-rank percentile of sorted latencies in nanoseconds, in milliseconds; NaN if there are none. */
    private static double percentileMillis(long[] sortedNanos, double quantile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(quantile * sortedNanos.length);
        return sortedNanos[Math.max(rank, 1) - 1] / 1e6;
    }
}
