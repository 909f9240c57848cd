package dev.cairn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.io.FolderTree;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.profile.ColumnProfile;
import dev.cairn.data.profile.TableProfile;
import dev.cairn.data.profile.TableProfiler;
import dev.cairn.data.source.JdbcSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code cairn datasets ...}: data files, their profiles, and the dataset registry of a server. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "Register, list and show dataset versions; profile data files (CSV, Parquet, JSON).",
        subcommands = {DatasetsCommand.RegisterDataset.class, DatasetsCommand.ListDatasets.class, DatasetsCommand.ShowDataset.class,
                DatasetsCommand.ProfileDataset.class})
final class DatasetsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code cairn datasets register FILE --name NAME}: a new version, or the one with the same content. */
    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"Register a file, or the rows of a JDBC query, as a version of a dataset: sha256, schema and profile; "
                    + "the bytes are kept in the artifact store. The same content gives the same version.",
                    "JDBC drivers for PostgreSQL, SQLite, H2 and DuckDB are included."})
    static final class RegisterDataset implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "0..1", description = "A .csv, .tsv, .parquet, .json or .jsonl file")
        Path file;

        @Option(names = "--name", required = true, description = "Dataset name (letters, digits, '.', '_', '-')")
        String name;

        @Option(names = "--description", defaultValue = "", description = "What the data is")
        String description;

        @Option(names = "--jdbc", paramLabel = "URL", description = "Instead of a file: the database to run --query on (snapshotted to Parquet)")
        String jdbcUrl;

        @Option(names = "--query", paramLabel = "SQL", description = "With --jdbc: the query whose rows are the dataset")
        String query;

        @Option(names = "--user", description = "With --jdbc: the database user")
        String user;

        @Option(names = "--password-env", paramLabel = "VAR", description = "With --jdbc: the environment variable holding the password "
                + "(it is never recorded)")
        String passwordEnv;

        @Override
        public void run() {
            if ((file == null) == (jdbcUrl == null) || (jdbcUrl != null && query == null)) {
                throw CairnException.invalidParameter("Give a FILE, or --jdbc URL with --query SQL");
            }
            DatasetRegistry registry = new DatasetRegistry(client.client());
            DatasetRegistry.RegisteredDataset version = file != null ? registerFile(registry) : registerQuery(registry);
            spec.commandLine().getOut().printf("%s version %d: %s (%,d rows, sha256 %s)%n", name, version.version(),
                    version.created() ? "registered" : "already registered with the same content", version.rowCount(), version.digest());
        }

        private DatasetRegistry.RegisteredDataset registerFile(DatasetRegistry registry) {
            Path absolute = file.toAbsolutePath().normalize();
            return registry.register(name, absolute, "file", absolute.toUri().toString(), description);
        }

        private DatasetRegistry.RegisteredDataset registerQuery(DatasetRegistry registry) {
            JdbcSource source = new JdbcSource(jdbcUrl, query, Optional.ofNullable(user), Optional.ofNullable(passwordEnv).map(System::getenv));
            Path folder;
            try {
                folder = Files.createTempDirectory("cairn-snapshot-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a folder for the snapshot", e);
            }
            try {
                TableFile snapshot = source.snapshot(folder.resolve(name + ".parquet"));
                return registry.register(name, snapshot.path(), "jdbc", source.describe(), description);
            } finally {
                FolderTree.deleteQuietly(folder);
            }
        }
    }

    /** {@code cairn datasets list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List registered datasets with their newest version.")
    static final class ListDatasets implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            JsonNode response = client.client().get("/api/v1/datasets", Map.of());
            PrintWriter out = spec.commandLine().getOut();
            if (client.printedJson(out, response)) {
                return;
            }
            Table table = new Table("NAME", "LATEST", "VERSIONS", "ROWS", "SHA256", "UPDATED");
            for (JsonNode dataset : response.path("datasets")) {
                table.row(dataset.path("name").asText(), dataset.path("latest_version").asText(), dataset.path("version_count").asText(),
                        String.format("%,d", dataset.path("latest_row_count").asLong()), dataset.path("latest_digest").asText().substring(0, 12),
                        Instant.ofEpochMilli(dataset.path("last_updated_timestamp").asLong()).toString());
            }
            table.print(out);
        }
    }

    /** {@code cairn datasets show NAME [--version N]}: a version's source, schema, split and profile. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a dataset version: source, split, versions and profile.")
    static final class ShowDataset implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Dataset name")
        String name;

        @Option(names = "--version", paramLabel = "N", description = "Version to show (default: the newest)")
        Integer version;

        @Override
        public void run() {
            CairnClient server = client.client();
            JsonNode response = server.get("/api/v1/datasets/" + name + "/versions/" + (version == null ? "latest" : version), Map.of());
            PrintWriter out = spec.commandLine().getOut();
            if (client.printedJson(out, response)) {
                return;
            }
            JsonNode shown = response.path("dataset_version");
            out.printf("%s version %d, registered %s%n", name, shown.path("version").asInt(),
                    Instant.ofEpochMilli(shown.path("creation_timestamp").asLong()));
            out.printf("  sha256:  %s%n  source:  %s %s%n  stored:  %s%n", shown.path("digest").asText(), shown.path("source_type").asText(),
                    shown.path("source").asText(), shown.path("artifact_uri").asText());
            if (!shown.path("description").asText().isEmpty()) {
                out.printf("  about:   %s%n", shown.path("description").asText());
            }
            if (!shown.path("split").isEmpty()) {
                out.println("Split:");
                Table split = new Table("PART", "ROWS", "DEFINITION");
                shown.path("split").forEach(part -> split.row(part.path("name").asText(), String.format("%,d", part.path("row_count").asLong()),
                        part.path("definition").asText()));
                split.print(out);
            }
            out.println("Profile:");
            try {
                printProfile(out, CairnClient.JSON.treeToValue(shown.path("profile"), TableProfile.class));
            } catch (JsonProcessingException e) {
                out.println(shown.path("profile").toPrettyString());
            }
            out.println("Versions:");
            Table versions = new Table("VERSION", "ROWS", "SHA256", "REGISTERED");
            server.get("/api/v1/datasets/" + name + "/versions", Map.of()).path("dataset_versions").forEach(v -> versions.row(
                    v.path("version").asText(), String.format("%,d", v.path("row_count").asLong()), v.path("digest").asText().substring(0, 12),
                    Instant.ofEpochMilli(v.path("creation_timestamp").asLong()).toString()));
            versions.print(out);
        }
    }

    /** {@code cairn datasets profile FILE}: schema and statistics, computed locally by DuckDB. */
    @Command(name = "profile", mixinStandardHelpOptions = true,
            description = "Print a file's schema, sha256 and profile: counts, nulls, moments, quantiles, histograms, top values.")
    static final class ProfileDataset implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "A .csv, .tsv, .parquet, .json or .jsonl file")
        Path file;

        @Option(names = "--json", description = "Print the full profile as JSON (with histograms and quantiles)")
        boolean json;

        @Override
        public void run() {
            TableFile table = new TableFile(file);
            TableProfile profile = TableProfiler.profile(table);
            String digest = table.sha256();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                try {
                    out.println(CairnClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
                            CairnClient.JSON.createObjectNode().put("file", file.toString()).put("sha256", digest)
                                    .set("profile", CairnClient.JSON.valueToTree(profile))));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("a profile is always serializable", e);
                }
                return;
            }
            out.printf("%s: %,d rows, sha256 %s%n", file.getFileName(), profile.rowCount(), digest);
            printProfile(out, profile);
        }
    }

    /** One line per column: type, counts, moments for numbers, cardinality and top values for text, range for dates. */
    static void printProfile(PrintWriter out, TableProfile profile) {
        Table rows = new Table("COLUMN", "TYPE", "COUNT", "NULLS", "MIN", "MAX", "MEAN", "STD", "DISTINCT", "TOP VALUES");
        for (ColumnProfile column : profile.columns()) {
            if (column instanceof ColumnProfile.Numeric numeric) {
                rows.row(numeric.name(), numeric.type(), Long.toString(numeric.count()), Long.toString(numeric.nulls()),
                        number(numeric.min()), number(numeric.max()), number(numeric.mean()), number(numeric.std()), "", "");
            } else if (column instanceof ColumnProfile.Categorical categorical) {
                rows.row(categorical.name(), categorical.type(), Long.toString(categorical.count()), Long.toString(categorical.nulls()),
                        "", "", "", "", Long.toString(categorical.cardinality()), categorical.topValues().stream()
                                .limit(3).map(value -> value.value() + "=" + value.count()).collect(Collectors.joining(",")));
            } else if (column instanceof ColumnProfile.Temporal temporal) {
                rows.row(temporal.name(), temporal.type(), Long.toString(temporal.count()), Long.toString(temporal.nulls()),
                        temporal.min(), temporal.max(), "", "", "", "");
            }
        }
        rows.print(out);
    }

    private static String number(double value) {
        return String.format("%.4g", value);
    }
}
