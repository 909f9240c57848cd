package dev.cairn.core.store;

import dev.cairn.core.dataset.DatasetColumn;
import dev.cairn.core.dataset.DatasetPart;
import dev.cairn.core.dataset.DatasetRegistration;
import dev.cairn.core.dataset.DatasetStore;
import dev.cairn.core.dataset.DatasetSummary;
import dev.cairn.core.dataset.DatasetVersion;
import dev.cairn.core.dataset.NewDatasetVersion;
import dev.cairn.core.error.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.cairn.core.store.TrackingStoreContractTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** The behaviour every {@link DatasetStore} backend must have; runs on SQLite and PostgreSQL. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class DatasetStoreContractTest extends StoreContract {
    private static final List<DatasetColumn> COLUMNS = List.of(new DatasetColumn("date", "TIMESTAMP", false),
            new DatasetColumn("delay", "DOUBLE", true), new DatasetColumn("origin", "VARCHAR", false));

    DatasetStore datasets;

    @BeforeEach
    void open() {
        datasets = metadata.datasets();
    }

    @Test
    void sameContentGivesTheSameVersionAndNewContentTheNext() {
        DatasetRegistration first = datasets.register(version("flights", digest('a'), 100));
        assertThat(first.created()).isTrue();
        assertThat(first.version().version()).isEqualTo(1);
        assertThat(first.version().columns()).isEqualTo(COLUMNS);
        assertThat(first.version().profile()).isEqualTo("{\"row_count\":100}");
        assertThat(first.version().split()).isEmpty();

        DatasetRegistration again = datasets.register(version("flights", digest('a'), 100));
        assertThat(again.created()).isFalse();
        assertThat(again.version()).isEqualTo(first.version());

        DatasetRegistration second = datasets.register(version("flights", digest('b'), 120));
        assertThat(second.created()).isTrue();
        assertThat(second.version().version()).isEqualTo(2);
        // Another dataset numbers its versions on its own, even for the same content.
        assertThat(datasets.register(version("flights-copy", digest('a'), 100)).version().version()).isEqualTo(1);

        assertThat(datasets.versions("flights")).extracting(DatasetVersion::version).containsExactly(2, 1);
        assertThat(datasets.latest("flights").digest()).isEqualTo(digest('b'));
        assertThat(datasets.get("flights", 1).digest()).isEqualTo(digest('a'));
        assertThat(datasets.findByDigest("flights", digest('b'))).hasValueSatisfying(found -> assertThat(found.version()).isEqualTo(2));
        assertThat(datasets.findByDigest("flights", digest('c'))).isEmpty();
        assertThat(datasets.list()).extracting(DatasetSummary::name, DatasetSummary::latestVersion, DatasetSummary::versionCount,
                DatasetSummary::latestRowCount).containsExactly(
                org.assertj.core.groups.Tuple.tuple("flights", 2, 2, 120L),
                org.assertj.core.groups.Tuple.tuple("flights-copy", 1, 1, 100L));
    }

    @Test
    void recordsAndReplacesTheSplitOfAVersion() {
        datasets.register(version("flights", digest('a'), 100));
        DatasetVersion split = datasets.recordSplit("flights", 1, List.of(
                new DatasetPart("train", "date in [2024-01-01, 2024-02-01)", 60),
                new DatasetPart("test", "date in [2024-02-01, 2024-03-01)", 40)));
        assertThat(split.split()).extracting(DatasetPart::name).containsExactly("train", "test");
        assertThat(datasets.get("flights", 1).split().get(0).rowCount()).isEqualTo(60);

        datasets.recordSplit("flights", 1, List.of(new DatasetPart("train", "80% seed 7", 80), new DatasetPart("test", "20% seed 7", 20)));
        assertThat(datasets.get("flights", 1).split()).containsExactly(new DatasetPart("train", "80% seed 7", 80),
                new DatasetPart("test", "20% seed 7", 20));
    }

    @Test
    void refusesBadInputAndLeavesNothingBehind() {
        assertError(() -> datasets.get("nope", 1), ErrorCode.RESOURCE_DOES_NOT_EXIST, "Dataset 'nope' not found");
        assertError(() -> datasets.versions("nope"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "nope");
        assertError(() -> datasets.findByDigest("nope", digest('a')), ErrorCode.RESOURCE_DOES_NOT_EXIST, "nope");
        assertError(() -> version("bad name!", digest('a'), 1), ErrorCode.INVALID_PARAMETER_VALUE, "letters, digits");
        assertError(() -> version("flights", "ABC", 1), ErrorCode.INVALID_PARAMETER_VALUE, "sha256");
        assertError(() -> new NewDatasetVersion("flights", digest('a'), "file", "/data/f.parquet", "", "", 1,
                List.of(new DatasetColumn("a", "INT", false), new DatasetColumn("a", "INT", false)), "{}"),
                ErrorCode.INVALID_PARAMETER_VALUE, "column 'a' twice");

        datasets.register(version("flights", digest('a'), 100));
        assertError(() -> datasets.get("flights", 2), ErrorCode.RESOURCE_DOES_NOT_EXIST, "has no version 2");
        assertError(() -> datasets.recordSplit("flights", 1, List.of(new DatasetPart("train", "all", 101))),
                ErrorCode.INVALID_PARAMETER_VALUE, "more than the 100");
        assertError(() -> datasets.recordSplit("flights", 1, List.of(new DatasetPart("train", "a", 1), new DatasetPart("train", "b", 1))),
                ErrorCode.INVALID_PARAMETER_VALUE, "twice");
        assertThat(datasets.get("flights", 1).split()).isEmpty();
    }

    @Test
    void concurrentRegistrationsNeverRepeatANumberNorDuplicateContent() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<DatasetRegistration>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                // 10 distinct contents, each registered 4 times at once, on a dataset none of them created first.
                char content = (char) ('0' + i % 10);
                futures.add(pool.submit(() -> datasets.register(version("busy", digest(content), 10))));
            }
            List<DatasetRegistration> done = new ArrayList<>();
            for (Future<DatasetRegistration> future : futures) {
                done.add(future.get());
            }
            assertThat(done.stream().filter(DatasetRegistration::created)).hasSize(10);
            assertThat(datasets.versions("busy")).extracting(DatasetVersion::version).containsExactlyElementsOf(
                    java.util.stream.IntStream.rangeClosed(1, 10).map(v -> 11 - v).boxed().toList());
            for (DatasetRegistration registration : done) {
                assertThat(datasets.get("busy", registration.version().version()).digest()).isEqualTo(registration.version().digest());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static NewDatasetVersion version(String name, String digest, long rows) {
        return new NewDatasetVersion(name, digest, "file", "/data/" + name + ".parquet", "", "mlflow-artifacts:/datasets/" + name, rows,
                COLUMNS, "{\"row_count\":" + rows + "}");
    }

    private static String digest(char hex) {
        return String.valueOf(hex).repeat(64);
    }
}
