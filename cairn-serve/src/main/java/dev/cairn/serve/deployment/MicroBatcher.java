package dev.cairn.serve.deployment;

import dev.cairn.model.frame.Frame;
import dev.cairn.model.runtime.LoadedModel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * Scores small requests together: a worker takes the first waiting request, gathers more for at
 * most {@code maxWait} or until {@code maxBatchSize} rows, scores them in one model call and hands
 * each request its own rows back. One model call over many rows costs far less than many calls
 * over one row each, which is what a loaded endpoint gains; an idle one pays at most the wait.
 */
final class MicroBatcher implements AutoCloseable {
    private record Pending(Frame input, CompletableFuture<Frame> result) {
    }

    private final LoadedModel model;
    private final int maxBatchSize;
    private final long maxWaitNanos;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    MicroBatcher(String name, LoadedModel model, int maxBatchSize, Duration maxWait, int threads) {
        this.model = requireNonNull(model, "model is null");
        this.maxBatchSize = maxBatchSize;
        this.maxWaitNanos = maxWait.toNanos();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(this::work, "cairn-batch-" + name + "-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    /**
     * Scores one request's rows as part of a batch. Input the signature refuses fails only its own
     * request: each input is conformed before it joins a batch.
     */
    Frame predict(Frame input, Duration timeout) throws InterruptedException, TimeoutException {
        Frame conformed = model.descriptor().signature().conform(input);
        if (closed || conformed.rowCount() >= maxBatchSize) {
            return model.predict(conformed);
        }
        Pending pending = new Pending(conformed, new CompletableFuture<>());
        queue.add(pending);
        // Closed in between: the workers may be gone, so a request still queued is scored here.
        if (closed && queue.remove(pending)) {
            return model.predict(conformed);
        }
        try {
            return pending.result().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void work() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int rows = first.input().rowCount();
                long deadline = System.nanoTime() + maxWaitNanos;
                while (rows < maxBatchSize) {
                    Pending next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    rows += next.input().rowCount();
                }
                score(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(pending -> pending.result().completeExceptionally(e));
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void score(List<Pending> batch) {
        try {
            Frame outputs = model.predict(Frame.concat(batch.stream().map(Pending::input).toList()));
            int offset = 0;
            for (Pending pending : batch) {
                int rows = pending.input().rowCount();
                pending.result().complete(outputs.slice(offset, offset + rows));
                offset += rows;
            }
        } catch (RuntimeException e) {
            batch.forEach(pending -> pending.result().completeExceptionally(e));
        }
    }

    /** Lets the workers finish what is queued, then stop; later requests are scored alone. */
    @Override
    public void close() {
        closed = true;
    }
}
