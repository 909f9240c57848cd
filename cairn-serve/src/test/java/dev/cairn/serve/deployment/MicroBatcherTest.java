package dev.cairn.serve.deployment;

import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.runtime.LoadedModel;
import dev.cairn.model.runtime.ModelFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Micro-batching gathers concurrent requests into one model call and gives each its own rows back. */
class MicroBatcherTest {
    @TempDir
    Path folder;

    static LoadedModel doublingModel(Path folder) throws Exception {
        Files.writeString(folder.resolve("cairn-model.yaml"), """
                name: doubling
                flavor: doubling
                model_file: model.txt
                files: [model.txt, example.csv]
                input_example: example.csv
                signature:
                  inputs: [{name: x, type: double}]
                  outputs: [{name: prediction, type: double}]
                """);
        Files.writeString(folder.resolve("model.txt"), "2x");
        Files.writeString(folder.resolve("example.csv"), "x\n1\n");
        return LoadedModel.load(ModelPackage.read(folder), 1);
    }

    private static Frame row(double x) {
        return new Frame(List.of(Column.Numbers.ofDoubles("x", new double[] {x})));
    }

    @Test
    void concurrentRequestsShareModelCallsAndGetTheirOwnAnswers() throws Exception {
        try (LoadedModel model = doublingModel(folder);
             MicroBatcher batcher = new MicroBatcher("t", model, 64, Duration.ofMillis(50), 1)) {
            DoublingRuntime.BATCHES.clear();
            ExecutorService clients = Executors.newFixedThreadPool(32);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Frame>> answers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                double x = i;
                answers.add(clients.submit(() -> {
                    go.await();
                    return batcher.predict(row(x), Duration.ofSeconds(5));
                }));
            }
            go.countDown();
            for (int i = 0; i < 32; i++) {
                assertThat(((Column.Numbers) answers.get(i).get().columns().get(0)).values()).containsExactly(2.0 * i);
            }
            clients.shutdown();
            assertThat(DoublingRuntime.BATCHES.stream().mapToInt(Integer::intValue).sum()).isEqualTo(32);
            assertThat(DoublingRuntime.BATCHES.size()).as("model calls for 32 requests").isLessThan(32);
            assertThat(DoublingRuntime.BATCHES).allSatisfy(rows -> assertThat(rows).isLessThanOrEqualTo(64));
        }
    }

    @Test
    void badInputFailsOnlyItsOwnRequestAndAModelFailureIsReported() throws Exception {
        try (LoadedModel model = doublingModel(folder);
             MicroBatcher batcher = new MicroBatcher("t", model, 64, Duration.ofMillis(5), 1)) {
            Frame wrong = new Frame(List.of(Column.Numbers.ofDoubles("y", new double[] {1})));
            assertThatThrownBy(() -> batcher.predict(wrong, Duration.ofSeconds(5))).hasMessageContaining("missing column `x`");
            assertThatThrownBy(() -> batcher.predict(row(-1), Duration.ofSeconds(5))).isInstanceOf(ModelFailure.class)
                    .hasMessageContaining("cannot take -1");
            assertThat(((Column.Numbers) batcher.predict(row(3), Duration.ofSeconds(5)).columns().get(0)).values()).containsExactly(6.0);
        }
        assertThat(new DoublingRuntime().flavor().wireName()).isEqualTo("doubling");
    }
}
