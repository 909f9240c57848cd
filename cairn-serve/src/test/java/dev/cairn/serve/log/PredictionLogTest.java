package dev.cairn.serve.log;

import dev.cairn.core.artifact.ArtifactEntry;
import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.artifact.LocalArtifactStore;
import dev.cairn.core.deployment.PredictionSegment;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class PredictionLogTest {
    /** 2026-12-01T10:00:00Z. */
    private static final long START = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();

    @TempDir
    Path temp;

    private final List<PredictionSegment> segments = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void recordsFromManyThreadsAreAllWrittenExactlyOnceOnClose() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(temp.resolve("store"));
        PredictionLog log = new PredictionLog(store, segments::add,
                new PredictionLogSettings(100_000, 10_000, Duration.ofMinutes(1)), meters, Clock.systemUTC());
        AtomicInteger refused = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 25_000; i++) {
                    if (!log.offer(record(thread * 25_000 + i, thread % 2 == 0 ? "churn" : "fraud", START + i))) {
                        refused.incrementAndGet();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        log.close();

        assertThat(refused).hasValue(0);

        assertThat(segments.stream().mapToLong(PredictionSegment::rows).sum()).isEqualTo(100_000);
        assertThat(segments).allSatisfy(segment ->
                assertThat(segment.path()).startsWith("predictions/" + segment.deployment() + "/2026-12-01/" + segment.firstTimestamp() + "-"));
        Map<String, String[]> rows = new HashMap<>();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duckdb.createStatement();
             ResultSet result = statement.executeQuery("SELECT prediction_id, deployment, inputs, outputs FROM read_parquet(["
                     + copyOut(store).stream().map(PredictionSegments::literal).collect(Collectors.joining(", ")) + "])")) {
            while (result.next()) {
                String[] previous = rows.put(result.getString(1), new String[] {result.getString(2), result.getString(3), result.getString(4)});
                assertThat(previous).as("prediction %s appears twice", result.getString(1)).isNull();
            }
        }
        assertThat(rows).hasSize(100_000);
        for (int id = 0; id < 100_000; id++) {
            PredictionRecord expected = record(id, (id / 25_000) % 2 == 0 ? "churn" : "fraud", 0);
            assertThat(rows.get(expected.predictionId()))
                    .containsExactly(expected.deployment(), expected.inputsJson(), expected.outputsJson());
        }
        assertThat(meters.counter("cairn.prediction.log.records", "deployment", "churn").count()).isEqualTo(50_000);
        assertThat(meters.counter("cairn.prediction.log.records", "deployment", "fraud").count()).isEqualTo(50_000);
    }

    @Test
    void segmentIsWrittenWhenItReachesSegmentRows() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(temp.resolve("store"));
        try (PredictionLog log = new PredictionLog(store, segments::add,
                new PredictionLogSettings(20_000, 1000, Duration.ofHours(1)), meters, Clock.systemUTC())) {
            for (int i = 0; i < 10_500; i++) {
                log.offer(record(i, "churn", START + i));
            }
            await(() -> segments.size() == 10);
            assertThat(segments).extracting(PredictionSegment::rows).containsOnly(1000L);
            log.flush();
            assertThat(segments).hasSize(11);
            assertThat(segments.get(10).rows()).isEqualTo(500);
            assertThat(segments.get(10).firstTimestamp()).isEqualTo(START + 10_000);
            assertThat(segments.get(10).lastTimestamp()).isEqualTo(START + 10_499);
        }
    }

    @Test
    void segmentIsWrittenWhenItGetsOlderThanSegmentAgeEvenWithNoNewRecords() throws Exception {
        MutableClock clock = new MutableClock(START);
        LocalArtifactStore store = new LocalArtifactStore(temp.resolve("store"));
        try (PredictionLog log = new PredictionLog(store, segments::add,
                new PredictionLogSettings(1000, 1000, Duration.ofSeconds(60)), meters, clock)) {
            for (int i = 0; i < 5; i++) {
                log.offer(record(i, "churn", START));
            }
            Thread.sleep(300);
            assertThat(segments).isEmpty();
            clock.advance(Duration.ofSeconds(59));
            Thread.sleep(300);
            assertThat(segments).isEmpty();
            clock.advance(Duration.ofSeconds(1));
            await(() -> segments.size() == 1);
            assertThat(segments.get(0).rows()).isEqualTo(5);
        }
    }

    @Test
    void fullQueueDropsAndCountsRecordsWithoutBlocking() throws Exception {
        CountDownLatch writerBlocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SegmentIndex blockingIndex = segment -> {
            writerBlocked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            segments.add(segment);
        };
        LocalArtifactStore store = new LocalArtifactStore(temp.resolve("store"));
        PredictionLog log = new PredictionLog(store, blockingIndex,
                new PredictionLogSettings(4, 1, Duration.ofHours(1)), meters, Clock.systemUTC());
        assertThat(log.offer(record(0, "churn", START))).isTrue();
        assertThat(writerBlocked.await(10, TimeUnit.SECONDS)).isTrue();

        int accepted = 0;
        long slowest = 0;
        for (int i = 1; i <= 1000; i++) {
            long started = System.nanoTime();
            accepted += log.offer(record(i, "churn", START)) ? 1 : 0;
            slowest = Math.max(slowest, System.nanoTime() - started);
        }
        assertThat(accepted).isEqualTo(4);
        assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(250));
        assertThat(meters.counter("cairn.prediction.log.dropped", "deployment", "churn").count()).isEqualTo(996);

        release.countDown();
        log.close();
        assertThat(segments).hasSize(5);
        assertThat(meters.counter("cairn.prediction.log.records", "deployment", "churn").count()).isEqualTo(5);
    }

    @Test
    void failedSegmentIsCountedAndTheWriterCarriesOn() throws Exception {
        LocalArtifactStore local = new LocalArtifactStore(temp.resolve("store"));
        AtomicInteger puts = new AtomicInteger();
        ArtifactStore failingOnce = new ArtifactStore() {
            @Override
            public ArtifactEntry put(ArtifactPath path, InputStream content) {
                if (puts.incrementAndGet() == 1) {
                    throw new IllegalStateException("disk full");
                }
                return local.put(path, content);
            }

            @Override
            public InputStream open(ArtifactPath path) {
                return local.open(path);
            }

            @Override
            public InputStream openContent(String digest) {
                return local.openContent(digest);
            }

            @Override
            public Optional<ArtifactEntry> stat(ArtifactPath path) {
                return local.stat(path);
            }

            @Override
            public List<ArtifactEntry> list(ArtifactPath directory) {
                return local.list(directory);
            }
        };
        try (PredictionLog log = new PredictionLog(failingOnce, segments::add,
                new PredictionLogSettings(1000, 10, Duration.ofHours(1)), meters, Clock.systemUTC())) {
            for (int i = 0; i < 10; i++) {
                assertThat(log.offer(record(i, "churn", START))).isTrue();
            }
            log.flush();
            assertThat(segments).isEmpty();
            assertThat(meters.counter("cairn.prediction.log.failed.segments", "deployment", "churn").count()).isEqualTo(1);

            for (int i = 10; i < 30; i++) {
                assertThat(log.offer(record(i, "churn", START))).isTrue();
            }
            log.flush();
            assertThat(segments).extracting(PredictionSegment::rows).containsExactly(10L, 10L);
            assertThat(meters.counter("cairn.prediction.log.records", "deployment", "churn").count()).isEqualTo(20);
        }
    }

    @Test
    void recordThatCannotBeStoredLosesOnlyItsOwnSegment() {
        try (PredictionLog log = new PredictionLog(new LocalArtifactStore(temp.resolve("store")), segments::add,
                new PredictionLogSettings(1000, 3, Duration.ofHours(1)), meters, Clock.systemUTC())) {
            // A time in microseconds overflows a long: DuckDB's TIMESTAMP cannot hold it.
            log.offer(record(0, "churn", Long.MAX_VALUE / 10));
            log.offer(record(1, "fraud", START));
            log.offer(record(2, "churn", START));
            log.offer(record(3, "churn", START));
            log.flush();
            log.offer(record(4, "churn", START));
            log.flush();
        }
        assertThat(segments).extracting(PredictionSegment::deployment, PredictionSegment::rows)
                .containsExactly(tuple("fraud", 1L), tuple("churn", 1L));
        assertThat(meters.counter("cairn.prediction.log.failed.segments", "deployment", "churn").count()).isEqualTo(1);
    }

    @Test
    void offersAfterCloseAreDroppedAndCounted() {
        PredictionLog log = new PredictionLog(new LocalArtifactStore(temp.resolve("store")), segments::add,
                PredictionLogSettings.DEFAULT, meters, Clock.systemUTC());
        log.close();
        log.close();
        assertThat(log.offer(record(1, "churn", START))).isFalse();
        assertThat(meters.counter("cairn.prediction.log.dropped", "deployment", "churn").count()).isEqualTo(1);
        assertThat(segments).isEmpty();
    }

    @Test
    void exportWritesTheTimeWindowOrderedByTimeAsCsvOrParquet() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(temp.resolve("store"));
        try (PredictionLog log = new PredictionLog(store, segments::add,
                new PredictionLogSettings(1000, 7, Duration.ofHours(1)), meters, Clock.systemUTC())) {
            // Offered newest first, so the export's order comes from its ORDER BY, not from the files.
            for (int i = 19; i >= 0; i--) {
                log.offer(record(i, i % 2 == 0 ? "churn" : "fraud", START + i * 1000L));
            }
            log.flush();
        }
        List<Path> files = copyOut(store);
        assertThat(files).hasSizeGreaterThan(1);

        Path csv = temp.resolve("out/window.csv");
        PredictionSegments.export(files, START + 5000, START + 10_000, Optional.empty(), csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("prediction_id,deployment,model,model_version,arm,ts,latency_us,inputs,outputs");
        assertThat(lines.subList(1, lines.size())).extracting(line -> line.split(",")[0])
                .containsExactly("p-5", "p-6", "p-7", "p-8", "p-9");
        assertThat(lines.get(1)).contains("2026-12-01 10:00:05");

        Path parquet = temp.resolve("out/window.parquet");
        PredictionSegments.export(files, START + 18_000, START + 60_000, Optional.empty(), parquet);
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duckdb.createStatement();
             ResultSet result = statement.executeQuery("SELECT prediction_id, epoch_ms(ts), model_version, latency_us, inputs, outputs FROM "
                     + PredictionSegments.literal(parquet))) {
            List<String> read = new ArrayList<>();
            while (result.next()) {
                read.add(result.getString(1) + " " + result.getLong(2) + " " + result.getInt(3) + " " + result.getLong(4)
                        + " " + result.getString(5) + " " + result.getString(6));
            }
            PredictionRecord p18 = record(18, "churn", START + 18_000);
            PredictionRecord p19 = record(19, "fraud", START + 19_000);
            assertThat(read).containsExactly(
                    "p-18 " + (START + 18_000) + " 3 180 " + p18.inputsJson() + " " + p18.outputsJson(),
                    "p-19 " + (START + 19_000) + " 3 190 " + p19.inputsJson() + " " + p19.outputsJson());
        }

        Path empty = temp.resolve("out/empty.csv");
        PredictionSegments.export(List.of(), START, START + 1, Optional.empty(), empty);
        assertThat(Files.readAllLines(empty)).containsExactly(lines.get(0));
        assertThatThrownBy(() -> PredictionSegments.export(files, START, START + 1, Optional.empty(), temp.resolve("out/window.xlsx")))
                .hasMessageContaining(".csv or .parquet");
    }

    @Test
    void settingsRejectValuesThatCannotWork() {
        assertThatThrownBy(() -> new PredictionLogSettings(0, 1, Duration.ofSeconds(1))).hasMessageContaining("queueCapacity");
        assertThatThrownBy(() -> new PredictionLogSettings(1, 0, Duration.ofSeconds(1))).hasMessageContaining("segmentRows");
        assertThatThrownBy(() -> new PredictionLogSettings(1, 1, Duration.ZERO)).hasMessageContaining("segmentAge");
        assertThat(PredictionLogSettings.DEFAULT).isEqualTo(new PredictionLogSettings(65_536, 100_000, Duration.ofSeconds(60)));
    }

    private static PredictionRecord record(int id, String deployment, long timestamp) {
        Frame inputs = new Frame(List.of(new Column.Numbers("tenure", ColumnType.LONG, new double[] {id}, new boolean[1]),
                new Column.Strings("plan", new String[] {"pro"})));
        Frame outputs = new Frame(List.of(new Column.Strings("label", new String[] {"yes"}),
                Column.Numbers.ofDoubles("score", new double[] {id / 100_000.0})));
        return new PredictionRecord("p-" + id, deployment, deployment + "-model", 3, id % 10 == 0 ? "canary" : "stable",
                timestamp, id * 10L, new LoggedRow(inputs, 0), new LoggedRow(outputs, 0));
    }

    /** Copies every indexed segment out of the store, as the export's caller does. */
    private List<Path> copyOut(ArtifactStore store) throws Exception {
        List<Path> files = new ArrayList<>();
        Path folder = Files.createDirectories(temp.resolve("segments"));
        for (PredictionSegment segment : segments) {
            Path file = folder.resolve(ArtifactPath.of(segment.path()).fileName());
            try (InputStream content = store.open(ArtifactPath.of(segment.path()))) {
                Files.copy(content, file);
            }
            files.add(file);
        }
        return files;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition still false after 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** A clock the test moves by hand; a copy in another zone moves with it. */
    private static final class MutableClock extends Clock {
        private final AtomicLong millis;
        private final ZoneId zone;

        MutableClock(long millis) {
            this(new AtomicLong(millis), ZoneOffset.UTC);
        }

        private MutableClock(AtomicLong millis, ZoneId zone) {
            this.millis = millis;
            this.zone = zone;
        }

        void advance(Duration duration) {
            millis.addAndGet(duration.toMillis());
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new MutableClock(millis, other);
        }
    }
}
