package dev.cairn.serve.log;

import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.deployment.PredictionSegment;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * Records every served request, off the request's thread, as Parquet segments in the artifact
 * store, each indexed in a {@link SegmentIndex} (the metadata store, in the server), like
 * SageMaker's data capture.
 *
 * <p>{@link #offer} only puts the record in a bounded queue (its inputs and outputs are rendered
 * as JSON by the writer, not by the request's thread): when the queue is full the record is
 * dropped and counted ({@code cairn.prediction.log.dropped}), so a slow store never slows the
 * responses down. One writer thread, {@code cairn-prediction-log}, keeps one open segment per
 * deployment in memory and writes it once it holds {@link PredictionLogSettings#segmentRows()}
 * records or has been open for {@link PredictionLogSettings#segmentAge()}. Writing a segment
 * makes a Parquet file with an in-memory DuckDB, stores it at
 * {@code predictions/<deployment>/<yyyy-MM-dd>/<first timestamp>-<uuid>.parquet} (the day of its
 * earliest prediction, in UTC), and only then adds it to the index. A segment that cannot be
 * written is logged and counted ({@code cairn.prediction.log.failed.segments}); its records are
 * lost, and the writer carries on with the next one.
 *
 * <p>Durability: {@link #close()} writes everything it accepted. After a kill -9, at most the
 * queue and the open (unwritten) segments are lost. Every indexed segment is complete, because
 * the artifact store writes a file atomically and the index is written after the file; a crash
 * between the two leaves at most a file that no index entry points at.
 *
 * <p>Meters, each tagged {@code deployment}: {@code cairn.prediction.log.records} (records in
 * indexed segments), {@code cairn.prediction.log.dropped}, {@code cairn.prediction.log.failed.segments}.
 */
public final class PredictionLog implements PredictionSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PredictionLog.class);
    /** Put in the queue to wake the writer up for a flush or close; never written. */
    private static final PredictionRecord WAKE_UP;

    static {
        LoggedRow nothing = new LoggedRow(new Frame(List.of(Column.Numbers.ofDoubles("wake_up", new double[1]))), 0);
        WAKE_UP = new PredictionRecord("", "", "", 0, "", 0, 0, nothing, nothing);
    }

    /** The longest the writer sleeps on an empty queue before it checks the segments' ages again. */
    private static final long IDLE_TICK_MILLIS = 100;
    private static final int DRAIN_BATCH = 4096;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final ArtifactStore artifacts;
    private final SegmentIndex index;
    private final PredictionLogSettings settings;
    private final MeterRegistry meters;
    private final Clock clock;
    private final BlockingQueue<PredictionRecord> queue;
    private final Map<String, Counter> droppedCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> recordCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> failedCounters = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> flushRequests = new ConcurrentLinkedQueue<>();
    /** Offers between their check of {@link #closed} and their enqueue; close waits for them, so none is lost. */
    private final AtomicInteger offering = new AtomicInteger();
    private final Thread writer;
    private volatile boolean closed;
    private volatile boolean stopping;
    private volatile boolean crashed;

    // Owned by the writer thread alone.
    private final Map<String, Segment> openSegments = new LinkedHashMap<>();
    private DuckDBConnection duckdb;
    private long segmentsOpened;

    /**
     * A log writing segments to {@code artifacts} and indexing them in {@code index}; its writer
     * thread starts at once. {@code clock} times the segments' ages.
     */
    public PredictionLog(ArtifactStore artifacts, SegmentIndex index, PredictionLogSettings settings, MeterRegistry meters, Clock clock) {
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.index = requireNonNull(index, "index is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.meters = requireNonNull(meters, "meters is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.writer = new Thread(this::run, "cairn-prediction-log");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Queues a record for the log without ever blocking. Returns false, and counts the record as
     * dropped, if the queue is full or the log is closed.
     */
    public boolean offer(PredictionRecord record) {
        requireNonNull(record, "record is null");
        offering.incrementAndGet();
        try {
            if (!closed && queue.offer(record)) {
                return true;
            }
        } finally {
            offering.decrementAndGet();
        }
        counter(droppedCounters, "cairn.prediction.log.dropped", "Predictions not logged because the log's queue was full", record.deployment()).increment();
        return false;
    }

    /**
     * Writes every record offered before this call, in the queue or in open segments, and returns
     * once they are stored and indexed (or counted as failed). Used before exporting and by tests.
     */
    public void flush() {
        if (closed) {
            // close() writes everything itself; there is no writer left to ask.
            awaitWriter();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        flushRequests.add(done);
        // A full queue needs no wake-up: the writer is busy and checks the requests after each batch.
        queue.offer(WAKE_UP);
        while (!done.isDone()) {
            try {
                done.get(IDLE_TICK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!writer.isAlive()) {
                    if (crashed) {
                        throw new IllegalStateException("The prediction log's writer thread has failed; see the log");
                    }
                    // A close() that ran meanwhile wrote everything offered before it.
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while flushing the prediction log", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("The prediction log's flush failed", e.getCause());
            }
        }
    }

    /**
     * Stops accepting records, writes the queue and every open segment, and stops the writer
     * thread. Later offers are dropped and counted. Calling it again does nothing.
     */
    @Override
    public void close() {
        closed = true;
        while (offering.get() != 0) {
            Thread.onSpinWait();
        }
        stopping = true;
        queue.offer(WAKE_UP);
        awaitWriter();
    }

    private void awaitWriter() {
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                // Finish the shutdown anyway: returning early would let the caller think the records are stored.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<PredictionRecord> batch = new ArrayList<>(DRAIN_BATCH);
        try {
            while (true) {
                boolean stop = stopping;
                try {
                    PredictionRecord first = queue.poll(Math.min(IDLE_TICK_MILLIS, settings.segmentAge().toMillis()), TimeUnit.MILLISECONDS);
                    if (first != null) {
                        append(first);
                        queue.drainTo(batch, DRAIN_BATCH);
                        batch.forEach(this::append);
                        batch.clear();
                    }
                } catch (InterruptedException e) {
                    // Nothing in Cairn interrupts this thread; if something does, shut down without losing what was accepted.
                    LOG.warn("The prediction log's writer was interrupted; writing what it holds and stopping");
                    closed = true;
                    stop = true;
                }
                writeAged();
                List<CompletableFuture<Void>> flushes = new ArrayList<>();
                for (CompletableFuture<Void> request = flushRequests.poll(); request != null; request = flushRequests.poll()) {
                    flushes.add(request);
                }
                if (stop || !flushes.isEmpty()) {
                    for (PredictionRecord record = queue.poll(); record != null; record = queue.poll()) {
                        append(record);
                    }
                    writeAll();
                    flushes.forEach(request -> request.complete(null));
                }
                if (stop) {
                    return;
                }
            }
        } catch (RuntimeException | Error e) {
            crashed = true;
            LOG.error("The prediction log's writer thread failed; predictions are no longer recorded", e);
            flushRequests.forEach(request -> request.completeExceptionally(e));
            throw e;
        } finally {
            closed = true;
            // A flush that raced with close() finds everything written already.
            flushRequests.forEach(request -> request.complete(null));
            closeDuckdb();
        }
    }

    private void append(PredictionRecord record) {
        if (record == WAKE_UP) {
            return;
        }
        Segment segment = openSegments.computeIfAbsent(record.deployment(), deployment -> openSegment());
        segment.add(record);
        if (segment.rows >= settings.segmentRows()) {
            openSegments.remove(record.deployment());
            write(record.deployment(), segment);
        }
    }

    private void writeAged() {
        long now = clock.millis();
        long maxAge = settings.segmentAge().toMillis();
        for (Iterator<Map.Entry<String, Segment>> it = openSegments.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Segment> entry = it.next();
            if (now - entry.getValue().openedAt >= maxAge) {
                it.remove();
                write(entry.getKey(), entry.getValue());
            }
        }
    }

    private void writeAll() {
        for (Map.Entry<String, Segment> entry : openSegments.entrySet()) {
            write(entry.getKey(), entry.getValue());
        }
        openSegments.clear();
    }

    /**
     * A new segment in its own DuckDB table. Records go into the table as they arrive, through an
     * appender, so closing the segment costs only the Parquet write and the writer never stalls
     * long on a full segment while the queue fills up.
     */
    private Segment openSegment() {
        String table = "segment_" + (++segmentsOpened);
        try {
            DuckDBConnection connection = duckdb();
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE " + table + " (" + PredictionSegments.COLUMNS + ")");
            }
            return new Segment(table, connection.createAppender(table), clock.millis());
        } catch (SQLException e) {
            return new Segment(table, e, clock.millis());
        }
    }

    private void write(String deployment, Segment segment) {
        try {
            if (segment.failure != null) {
                throw segment.failure;
            }
            ArtifactPath path = ArtifactPath.of("predictions").resolve(deployment)
                    .resolve(DAY.format(Instant.ofEpochMilli(segment.firstTimestamp)))
                    .resolve(segment.firstTimestamp + "-" + UUID.randomUUID() + ".parquet");
            Path file = Files.createTempFile("cairn-predictions-", ".parquet");
            try {
                segment.appender.close();
                try (Statement statement = duckdb().createStatement()) {
                    statement.execute("COPY " + segment.table + " TO " + PredictionSegments.literal(file) + " (FORMAT PARQUET, COMPRESSION ZSTD)");
                }
                try (InputStream content = Files.newInputStream(file)) {
                    artifacts.put(path, content);
                }
            } finally {
                Files.deleteIfExists(file);
            }
            index.add(new PredictionSegment(deployment, path.value(), segment.rows, segment.firstTimestamp, segment.lastTimestamp));
            counter(recordCounters, "cairn.prediction.log.records", "Predictions written to the log's segments", deployment).increment(segment.rows);
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.error("Lost a segment of {} predictions of deployment '{}'", segment.rows, deployment, e);
            counter(failedCounters, "cairn.prediction.log.failed.segments", "Log segments that could not be written", deployment).increment();
        } finally {
            drop(segment);
        }
    }

    private void drop(Segment segment) {
        try {
            if (segment.appender != null && !segment.appender.isClosed()) {
                segment.appender.close();
            }
            if (duckdb != null && !duckdb.isClosed()) {
                try (Statement statement = duckdb.createStatement()) {
                    statement.execute("DROP TABLE IF EXISTS " + segment.table);
                }
            }
        } catch (SQLException e) {
            // Only memory held until the connection closes; the segment's outcome is already logged.
            LOG.warn("Cannot drop the prediction log's table {}", segment.table, e);
        }
    }

    private DuckDBConnection duckdb() throws SQLException {
        // Reopened only when unusable: an open connection holds the other deployments' open segments.
        if (duckdb == null || duckdb.isClosed()) {
            duckdb = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        }
        return duckdb;
    }

    private void closeDuckdb() {
        if (duckdb != null) {
            try {
                duckdb.close();
            } catch (SQLException e) {
                LOG.warn("Cannot close the prediction log's DuckDB connection", e);
            }
            duckdb = null;
        }
    }

    private Counter counter(Map<String, Counter> counters, String name, String description, String deployment) {
        // With its help text: promtool flags a metric without one.
        return counters.computeIfAbsent(deployment, tag -> Counter.builder(name).description(description).tag("deployment", tag).register(meters));
    }

    /**
     * A deployment's records not yet written: a DuckDB table filling through its appender, or,
     * once appending has failed, only a count of the records the failure loses.
     */
    private static final class Segment {
        private final String table;
        private final DuckDBAppender appender;
        private final long openedAt;
        private SQLException failure;
        private int rows;
        private long firstTimestamp = Long.MAX_VALUE;
        private long lastTimestamp = Long.MIN_VALUE;

        private Segment(String table, DuckDBAppender appender, long openedAt) {
            this.table = table;
            this.appender = appender;
            this.openedAt = openedAt;
        }

        private Segment(String table, SQLException failure, long openedAt) {
            this.table = table;
            this.appender = null;
            this.openedAt = openedAt;
            this.failure = failure;
        }

        private void add(PredictionRecord record) {
            rows++;
            firstTimestamp = Math.min(firstTimestamp, record.timestamp());
            lastTimestamp = Math.max(lastTimestamp, record.timestamp());
            if (failure != null) {
                return;
            }
            try {
                // A TIMESTAMP column holds microseconds; the appender's epoch-millis form fits only TIMESTAMP_MS.
                appender.beginRow()
                        .append(record.predictionId())
                        .append(record.deployment())
                        .append(record.model())
                        .append(record.modelVersion())
                        .append(record.arm())
                        .appendEpochMicros(Math.multiplyExact(record.timestamp(), 1000L))
                        .append(record.latencyMicros())
                        .append(record.inputsJson())
                        .append(record.outputsJson())
                        .endRow();
            } catch (SQLException | ArithmeticException e) {
                failure = e instanceof SQLException sql ? sql : new SQLException("timestamp out of range: " + record.timestamp(), e);
            }
        }
    }
}
