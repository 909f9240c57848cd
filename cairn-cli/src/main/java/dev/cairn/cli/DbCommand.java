package dev.cairn.cli;

import dev.cairn.core.store.DatabaseCopy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;

/** {@code cairn db copy}: moves a whole metadata database between SQLite, PostgreSQL and old H2 files. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Maintain the metadata database.",
        subcommands = DbCommand.Copy.class)
final class DbCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code cairn db copy --from URL --to URL}. */
    @Command(name = "copy", mixinStandardHelpOptions = true,
            description = {"Copy every experiment, run, model and dataset record into an empty database, then compare the row "
                    + "count of every table.",
                    "Sources: jdbc:h2:file:<path> (the embedded database of earlier builds, opened read-only), jdbc:sqlite:<file>, "
                            + "jdbc:postgresql://... Targets: jdbc:sqlite:<file>, jdbc:postgresql://... (empty, or only started once).",
                    "Stop the server that uses the source first. Artifacts are files and stay where they are."})
    static final class Copy implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--from", required = true, paramLabel = "JDBC_URL", description = "The database to copy")
        String from;

        @Option(names = "--to", required = true, paramLabel = "JDBC_URL", description = "The empty database to fill")
        String to;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            List<DatabaseCopy.TableCount> counts = DatabaseCopy.copy(from, to, line -> {
                out.println("copied " + line);
                out.flush();
            });
            long rows = counts.stream().mapToLong(DatabaseCopy.TableCount::targetRows).sum();
            out.printf("Verified: %d tables, %,d rows, every table's row count matches the source.%n", counts.size(), rows);
        }
    }
}
