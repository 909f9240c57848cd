package dev.cairn.bench;

import dev.cairn.data.file.TableFile;
import dev.cairn.data.profile.TableProfile;
import dev.cairn.data.profile.TableProfiler;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Time to profile a table file (schema, counts, moments, quantiles, histograms, top values) and
 * to digest its bytes with sha256, as dataset registration does.
 *
 * <p>Usage: {@code DatasetProfileBenchmark [file=examples/data/flights-3m.parquet] [runs=5]};
 * prints each run and the median.
 */
public final class DatasetProfileBenchmark {
    private DatasetProfileBenchmark() {
    }

    public static void main(String[] args) {
        TableFile file = new TableFile(Path.of(args.length > 0 ? args[0] : "examples/data/flights-3m.parquet"));
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        double[] profileSeconds = new double[runs];
        double[] digestSeconds = new double[runs];
        TableProfile profile = null;
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            profile = TableProfiler.profile(file);
            profileSeconds[run] = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            file.sha256();
            digestSeconds[run] = (System.nanoTime() - start) / 1e9;
            System.out.printf("run %d: profile %.3f s, sha256 %.3f s%n", run + 1, profileSeconds[run], digestSeconds[run]);
        }
        Arrays.sort(profileSeconds);
        Arrays.sort(digestSeconds);
        System.out.printf("%s: %,d rows, %d columns, %d cores: median profile %.3f s (%,.0f rows/s), median sha256 %.3f s%n",
                file.path().getFileName(), profile.rowCount(), profile.columns().size(), Runtime.getRuntime().availableProcessors(),
                profileSeconds[runs / 2], profile.rowCount() / profileSeconds[runs / 2], digestSeconds[runs / 2]);
    }
}
