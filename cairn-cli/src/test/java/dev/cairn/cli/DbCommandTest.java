package dev.cairn.cli;

import dev.cairn.core.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn db copy} from the command line, and the server's refusal of a home that holds only
 * the H2 database of an earlier build (the fixture was written by that build's server).
 */
class DbCommandTest {
    @TempDir
    Path home;

    @Test
    void aServerOnAnOldH2HomeRefusesToStartAndNamesTheCopyCommandWhichThenWorks() throws Exception {
        Path h2 = home.resolve("db").resolve("cairn.mv.db");
        Files.createDirectories(h2.getParent());
        try (InputStream fixture = DbCommandTest.class.getResourceAsStream("/fixtures/h2-schema-v5/cairn.mv.db")) {
            Files.copy(fixture, h2);
        }
        CliServer.Result refused = CliServer.cairnWithoutServer("server", "--home", home.toString(), "--port", "0");
        assertThat(refused.exitCode()).isEqualTo(1);
        String from = "jdbc:h2:file:" + home.resolve("db").resolve("cairn").toAbsolutePath();
        String to = StoreConfig.sqliteUrl(StoreConfig.embeddedFile(home));
        assertThat(refused.err()).contains("holds an H2 database from an earlier Cairn", "cairn db copy --from " + from + " --to " + to);
        assertThat(StoreConfig.embeddedFile(home)).as("nothing was created beside the old database").doesNotExist();

        CliServer.Result copied = CliServer.cairnWithoutServer("db", "copy", "--from", from, "--to", to);
        assertThat(copied.exitCode()).as(copied.err()).isZero();
        assertThat(copied.out()).contains("copied experiments: 3 rows", "copied model_versions: 2 rows",
                "every table's row count matches the source");
        // Every table of the schema is copied and verified, however many the schema has by now.
        long tables = copied.out().lines().filter(line -> line.startsWith("copied ")).count();
        assertThat(tables).as("the 30 tables of schema version 10, at least").isGreaterThanOrEqualTo(30);
        assertThat(copied.out()).contains("Verified: " + tables + " tables, ");

        CliServer.Result again = CliServer.cairnWithoutServer("db", "copy", "--from", from, "--to", to);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err().trim()).startsWith("error: INVALID_PARAMETER_VALUE: The target ").contains("is not empty").hasLineCount(1);
    }
}
