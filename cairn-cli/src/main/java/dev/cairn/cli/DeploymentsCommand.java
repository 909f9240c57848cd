package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.error.CairnException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** {@code cairn deployments ...}: the deployments of a running server, their traffic, labels and prediction log. */
@Command(name = "deployments", mixinStandardHelpOptions = true,
        description = "List, show and delete deployments; change their traffic; upload labels; export their predictions.",
        subcommands = {DeploymentsCommand.ListDeployments.class, DeploymentsCommand.ShowDeployment.class,
                DeploymentsCommand.DeleteDeployment.class, DeploymentsCommand.TrafficCommand.class, DeploymentsCommand.UploadLabels.class,
                DeploymentsCommand.ExportPredictions.class})
final class DeploymentsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code cairn deployments list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List deployments: state, policy and the versions each arm serves.")
    static final class ListDeployments implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            JsonNode response = client.client().get("/api/v1/deployments", Map.of());
            PrintWriter out = spec.commandLine().getOut();
            if (client.printedJson(out, response)) {
                return;
            }
            Table table = new Table("NAME", "STATE", "POLICY", "ARMS", "REVISION");
            for (JsonNode deployment : response.path("deployments")) {
                table.row(deployment.path("name").asText(), deployment.path("state").asText(), DeploymentRollout.policy(deployment),
                        DeploymentRollout.servingArms(deployment), deployment.path("revision").asText());
            }
            table.print(out);
        }
    }

    /** {@code cairn deployments show NAME}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a deployment: state, spec, serving arms and recent events.")
    static final class ShowDeployment implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Deployment name")
        String name;

        @Override
        public void run() {
            JsonNode response = client.client().get(DeploymentRollout.path(name), Map.of());
            PrintWriter out = spec.commandLine().getOut();
            if (client.printedJson(out, response)) {
                return;
            }
            JsonNode deployment = response.path("deployment");
            JsonNode desired = deployment.path("spec");
            out.println("name:      " + deployment.path("name").asText());
            out.println("state:     " + deployment.path("state").asText() + " (revision " + deployment.path("revision").asText() + ")");
            if (!deployment.path("state_message").asText().isEmpty()) {
                out.println("message:   " + deployment.path("state_message").asText());
            }
            out.println("endpoint:  " + client.server.replaceAll("/+$", "") + deployment.path("endpoint").asText() + "/infer");
            out.println("model:     " + desired.path("model").asText() + stable(desired));
            out.println("traffic:   " + desired.path("traffic"));
            out.println("settings:  " + desired.path("settings"));
            JsonNode serving = deployment.path("serving");
            if (serving.path("arms").isEmpty()) {
                out.println("Serving:   nothing yet");
            } else {
                out.printf("Serving revision %s (%s):%n", serving.path("revision").asText(), serving.path("policy").asText());
                Table arms = new Table("ARM", "MODEL", "VERSION", "PERCENT");
                serving.path("arms").forEach(arm -> arms.row(arm.path("arm").asText(), arm.path("model").asText(), arm.path("version").asText(),
                        arm.path("percent").asText()));
                arms.print(out);
            }
            out.println("Events:");
            Table events = new Table("TIME", "KIND", "MESSAGE");
            deployment.path("events").forEach(event -> events.row(Instant.ofEpochMilli(event.path("time").asLong()).toString(),
                    event.path("kind").asText(), event.path("message").asText()));
            events.print(out);
        }

        /** The stable arm's version as the spec selects it; an A/B split names versions in its arms instead. */
        private static String stable(JsonNode desired) {
            if (desired.has("version")) {
                return ", stable version " + desired.path("version").asText();
            }
            return desired.has("alias") ? ", stable alias " + desired.path("alias").asText() : "";
        }
    }

    /** {@code cairn deployments delete NAME}. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a deployment with its events, prediction log index and labels; it stops serving within a moment.")
    static final class DeleteDeployment implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Deployment name")
        String name;

        @Override
        public void run() {
            client.client().delete(DeploymentRollout.path(name), Map.of());
            spec.commandLine().getOut().printf("%s: deleted%n", name);
        }
    }

    /** {@code cairn deployments traffic NAME ...}: one traffic policy, then wait for the rollout. */
    @Command(name = "traffic", mixinStandardHelpOptions = true,
            description = {"Change how a deployment splits its requests, then wait until it serves that way. Give one of: "
                    + "--single, a canary (--canary-version or --canary-alias with --percent), a shadow (--shadow-version or --shadow-alias), "
                    + "--ab, --promote.",
                    "Exits 1 if the rollout fails or is not ready in time."})
    static final class TrafficCommand implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Mixin
        ChallengerOptions challenger;

        @Mixin
        RolloutWait wait;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Deployment name")
        String name;

        @Option(names = "--single", description = "Send every request to the stable version")
        boolean single;

        @Option(names = "--ab", paramLabel = "ARM=VERSION:WEIGHT,...", converter = AbSplit.Converter.class,
                description = "An A/B split between named arms, e.g. a=3:50,b=4:50")
        AbSplit ab;

        @Option(names = "--sticky-key", paramLabel = "HEADER", description = "With --ab: requests with the same value of this header go to the same arm")
        String stickyKey;

        @Option(names = "--promote", description = "The version the canary serves becomes the stable version; all traffic goes to it")
        boolean promote;

        @Override
        public Integer call() {
            int policies = (single ? 1 : 0) + (challenger.given() ? 1 : 0) + (ab != null ? 1 : 0) + (promote ? 1 : 0);
            if (policies != 1) {
                throw CairnException.invalidParameter("Give one of --single, a canary, a shadow, --ab or --promote");
            }
            if (stickyKey != null && ab == null) {
                throw CairnException.invalidParameter("--sticky-key goes with --ab");
            }
            DeploymentRollout rollout = new DeploymentRollout(client.client());
            ObjectNode change = CairnClient.JSON.createObjectNode();
            if (single) {
                change.putObject("traffic").put("policy", "single");
            } else if (ab != null) {
                change.set("traffic", ab.traffic(stickyKey));
            } else if (promote) {
                change = promotion(rollout.get(name));
            } else {
                change.set("traffic", challenger.traffic().orElseThrow());
            }
            return wait.report(client, rollout.update(name, change), spec.commandLine().getOut(), spec.commandLine().getErr());
        }

        /**
         * The change that makes the canary's version stable: the version number the canary serves,
         * not its alias, so that what was tested is what stays in production.
         */
        private ObjectNode promotion(JsonNode deployment) {
            if (!deployment.path("spec").path("traffic").path("policy").asText().equals("canary")) {
                throw CairnException.invalidParameter("Deployment '" + name + "' has no canary to promote (its policy is "
                        + deployment.path("spec").path("traffic").path("policy").asText() + "; a rollback ends a canary, see its events)");
            }
            for (JsonNode arm : deployment.path("serving").path("arms")) {
                if (arm.path("arm").asText().equals("canary")) {
                    ObjectNode change = CairnClient.JSON.createObjectNode().put("version", arm.path("version").asInt());
                    change.putObject("traffic").put("policy", "single");
                    return change;
                }
            }
            throw CairnException.invalidParameter("The canary of deployment '" + name + "' is not serving yet (state "
                    + deployment.path("state").asText() + "); promote it once it is ready");
        }
    }

    /** The arms of an A/B split as {@code --ab} gives them: {@code a=3:50,b=4:50}. */
    record AbSplit(List<Arm> arms) {
        AbSplit {
            arms = List.copyOf(arms);
        }

        /** One arm: its name, the version it serves and its weight. */
        record Arm(String name, int version, double weight) {
        }

        /** The spec's {@code traffic} for this split, with the header that keeps a caller on one arm when given. */
        ObjectNode traffic(String stickyKey) {
            ObjectNode traffic = CairnClient.JSON.createObjectNode().put("policy", "ab");
            ArrayNode list = traffic.putArray("arms");
            arms.forEach(arm -> list.addObject().put("name", arm.name()).put("version", arm.version()).put("weight", arm.weight()));
            if (stickyKey != null) {
                traffic.put("sticky_key", stickyKey);
            }
            return traffic;
        }

        /** Reads {@code --ab}; a malformed value is a usage error naming the part at fault. */
        static final class Converter implements ITypeConverter<AbSplit> {
            private static final Pattern ARM = Pattern.compile("\\s*([\\w.-]+)=(\\d{1,9}):(\\d+(?:\\.\\d+)?)\\s*");

            @Override
            public AbSplit convert(String value) {
                List<Arm> arms = new ArrayList<>();
                for (String part : value.split(",", -1)) {
                    Matcher matcher = ARM.matcher(part);
                    if (!matcher.matches()) {
                        throw new TypeConversionException("expected ARM=VERSION:WEIGHT,... (e.g. a=3:50,b=4:50); '" + part
                                + "' is not ARM=VERSION:WEIGHT");
                    }
                    arms.add(new Arm(matcher.group(1), Integer.parseInt(matcher.group(2)), Double.parseDouble(matcher.group(3))));
                }
                if (arms.size() < 2) {
                    throw new TypeConversionException("an A/B split needs at least two arms, e.g. a=3:50,b=4:50");
                }
                return new AbSplit(arms);
            }
        }
    }

    /** {@code cairn deployments labels NAME --file labels.csv}: the true outcomes of served predictions. */
    @Command(name = "labels", mixinStandardHelpOptions = true,
            description = "Upload labels for served predictions: a CSV with columns prediction_id,label, "
                    + "or JSON {\"labels\": [{\"prediction_id\": ..., \"label\": ...}]}. A label given again replaces the earlier one.")
    static final class UploadLabels implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Deployment name")
        String name;

        @Option(names = "--file", required = true, paramLabel = "LABELS.csv|LABELS.json", description = "The labels")
        Path file;

        @Override
        public void run() {
            String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
            String contentType;
            if (fileName.endsWith(".csv")) {
                contentType = "text/csv";
            } else if (fileName.endsWith(".json")) {
                contentType = "application/json";
            } else {
                throw CairnException.invalidParameter("--file must be a .csv or a .json file; got " + file);
            }
            JsonNode response = client.client().postFile(DeploymentRollout.path(name) + "/labels", file, contentType);
            PrintWriter out = spec.commandLine().getOut();
            if (!client.printedJson(out, response)) {
                out.printf("%s: %d labels written%n", name, response.path("labels_written").asInt());
            }
        }
    }

    /** {@code cairn deployments predictions NAME --output FILE}: a window of the prediction log with its labels. */
    @Command(name = "predictions", mixinStandardHelpOptions = true,
            description = "Export a deployment's logged predictions (with the labels uploaded so far) to a CSV or Parquet file.")
    static final class ExportPredictions implements Runnable {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Deployment name")
        String name;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.csv|FILE.parquet", description = "Where to write; the format follows the extension")
        Path output;

        @Option(names = "--from", paramLabel = "TIME", converter = EpochMillis.class,
                description = "First moment included: ISO-8601 (2026-12-01T10:00:00Z, 2026-12-01) or epoch milliseconds")
        Long from;

        @Option(names = "--to", paramLabel = "TIME", converter = EpochMillis.class, description = "Last moment included, as --from")
        Long to;

        @Override
        public void run() {
            String fileName = output.getFileName().toString().toLowerCase(Locale.ROOT);
            String format = fileName.endsWith(".csv") ? "csv" : fileName.endsWith(".parquet") ? "parquet" : null;
            if (format == null) {
                throw CairnException.invalidParameter("--output must end in .csv or .parquet; got " + output);
            }
            Map<String, String> query = new HashMap<>(Map.of("format", format));
            if (from != null) {
                query.put("from", from.toString());
            }
            if (to != null) {
                query.put("to", to.toString());
            }
            Path folder = output.toAbsolutePath().getParent();
            Path partial = null;
            try {
                // Written next to the output and moved over it, so a failed export never leaves a truncated file.
                partial = Files.createTempFile(folder, ".cairn-export-", ".part");
                client.client().download(DeploymentRollout.path(name) + "/predictions", query, partial);
                Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                PrintWriter out = spec.commandLine().getOut();
                if (format.equals("csv")) {
                    long rows;
                    try (Stream<String> lines = Files.lines(output)) {
                        rows = Math.max(0, lines.count() - 1);
                    }
                    out.printf("%s: %,d predictions -> %s%n", name, rows, output);
                } else {
                    out.printf("%s: %,d bytes -> %s%n", name, Files.size(output), output);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + output, e);
            } finally {
                if (partial != null) {
                    try {
                        Files.deleteIfExists(partial);
                    } catch (IOException ignored) {
                        // A leftover hidden part file is harmless; the export itself succeeded or was reported.
                    }
                }
            }
        }
    }

    /** Reads a moment as epoch milliseconds, ISO-8601 with an offset, or a date (its start in UTC). */
    static final class EpochMillis implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            if (value.matches("\\d{1,15}")) {
                return Long.parseLong(value);
            }
            try {
                return OffsetDateTime.parse(value).toInstant().toEpochMilli();
            } catch (DateTimeParseException notDateTime) {
                try {
                    return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                } catch (DateTimeParseException notDate) {
                    throw new TypeConversionException("expected ISO-8601 (2026-12-01T10:00:00Z or 2026-12-01) or epoch milliseconds; got '"
                            + value + "'");
                }
            }
        }
    }
}
