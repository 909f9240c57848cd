package dev.cairn.serve.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.serve.repository.VersionSelector;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What a deployment should serve: versions of one registered model as named arms, the traffic
 * policy between them, and how to score. Its JSON form is the API's request body and what the
 * metadata store keeps:
 * <pre>{@code
 * {"model": "flights", "version": 3,
 *  "traffic": {"policy": "canary", "alias": "challenger", "percent": 10,
 *              "rollback": {"max_error_rate": 0.05, "max_p99_ms": 50, "window_seconds": 60, "min_requests": 100}},
 *  "settings": {"threads": 4, "max_batch_size": 64, "max_wait_ms": 2, "max_request_bytes": 4194304, "timeout_ms": 5000}}
 * }</pre>
 * An A/B split names its arms instead: {@code "traffic": {"policy": "ab", "arms": [{"name": "a",
 * "version": 3, "weight": 50}, ...], "sticky_key": "X-User-Id"}}.
 */
public record DeploymentSpec(String model, List<ArmSpec> arms, TrafficPolicy policy, ServingSettings settings) {
    /** The arm every policy but A/B has and that a rollback returns traffic to. */
    public static final String STABLE = "stable";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_ARMS = 10;

    public DeploymentSpec {
        requireNonNull(model, "model is null");
        requireNonNull(policy, "policy is null");
        requireNonNull(settings, "settings is null");
        arms = List.copyOf(arms);
        if (model.isBlank()) {
            throw CairnException.invalidParameter("A deployment needs a 'model': the registered model it serves");
        }
        List<String> names = arms.stream().map(ArmSpec::name).toList();
        List<String> expected = switch (policy.kind()) {
            case "single" -> List.of(STABLE);
            case "canary" -> List.of(STABLE, "canary");
            case "shadow" -> List.of(STABLE, "shadow");
            default -> names;
        };
        if (!names.equals(expected)) {
            throw CairnException.invalidParameter("A " + policy.kind() + " deployment has arms " + expected + "; got " + names);
        }
        if (policy instanceof TrafficPolicy.Split) {
            if (arms.size() < 2 || arms.size() > MAX_ARMS) {
                throw CairnException.invalidParameter("An A/B split needs 2 to " + MAX_ARMS + " arms; got " + arms.size());
            }
            if (new HashSet<>(names).size() != names.size()) {
                throw CairnException.invalidParameter("Each arm of an A/B split needs its own name; got " + names);
            }
            if (arms.stream().mapToDouble(ArmSpec::weight).sum() <= 0) {
                throw CairnException.invalidParameter("The arms of an A/B split need weights that add up to more than 0");
            }
        }
    }

    /** The spec with traffic back on the stable arm alone, as a rollback leaves it. */
    public DeploymentSpec rolledBack() {
        return new DeploymentSpec(model, List.of(arm(STABLE)), new TrafficPolicy.Single(), settings);
    }

    /** The arm with a name. */
    public ArmSpec arm(String name) {
        return arms.stream().filter(arm -> arm.name().equals(name)).findFirst()
                .orElseThrow(() -> CairnException.invalidParameter("The deployment has no arm '" + name + "'"));
    }

    /** Parses the JSON form, reporting the first problem by field name. */
    public static DeploymentSpec parse(String json) {
        try {
            return parse(MAPPER.readTree(json));
        } catch (IOException e) {
            throw CairnException.invalidParameter("The deployment spec is not valid JSON");
        }
    }

    /** Parses the JSON form from a tree. */
    public static DeploymentSpec parse(JsonNode body) {
        Fields root = new Fields(body, "the deployment", Set.of("model", "version", "alias", "traffic", "settings"));
        String model = root.requiredText("model");
        Fields traffic = new Fields(body.path("traffic").isMissingNode() ? JsonNodeFactory.instance.objectNode().put("policy", "single")
                : body.get("traffic"), "traffic", Set.of("policy", "version", "alias", "percent", "rollback", "arms", "sticky_key"));
        String kind = traffic.optionalText("policy").orElse("single");
        List<ArmSpec> arms = new ArrayList<>();
        TrafficPolicy policy;
        if (kind.equals("ab")) {
            if (root.has("version") || root.has("alias")) {
                throw CairnException.invalidParameter("An A/B deployment names its versions in traffic.arms, not at the top level");
            }
            JsonNode armsNode = body.path("traffic").path("arms");
            if (!armsNode.isArray()) {
                throw CairnException.invalidParameter("traffic.arms must be a list of {name, version or alias, weight}");
            }
            for (JsonNode armNode : armsNode) {
                Fields arm = new Fields(armNode, "an arm of traffic.arms", Set.of("name", "version", "alias", "weight"));
                arms.add(new ArmSpec(arm.requiredText("name"), arm.selector(), arm.optionalNumber("weight").orElse(1.0)));
            }
            policy = new TrafficPolicy.Split(traffic.optionalText("sticky_key"));
        } else {
            arms.add(new ArmSpec(STABLE, root.selector(), 1));
            policy = switch (kind) {
                case "single" -> new TrafficPolicy.Single();
                case "canary" -> {
                    arms.add(new ArmSpec("canary", traffic.requiredSelector(), 1));
                    double percent = traffic.optionalNumber("percent").orElseThrow(() ->
                            CairnException.invalidParameter("A canary needs traffic.percent: the share of requests it takes (0-100)"));
                    yield new TrafficPolicy.Canary(percent, body.path("traffic").has("rollback")
                            ? Optional.of(rollback(body.path("traffic").get("rollback"))) : Optional.empty());
                }
                case "shadow" -> {
                    arms.add(new ArmSpec("shadow", traffic.requiredSelector(), 1));
                    yield new TrafficPolicy.Shadow();
                }
                default -> throw CairnException.invalidParameter("Unknown traffic policy '" + kind + "'; expected single, canary, shadow or ab");
            };
        }
        return new DeploymentSpec(model, arms, policy, settings(body.path("settings")));
    }

    private static RollbackRule rollback(JsonNode node) {
        Fields rule = new Fields(node, "traffic.rollback", Set.of("max_error_rate", "max_p99_ms", "window_seconds", "min_requests"));
        return new RollbackRule(rule.optionalNumber("max_error_rate"), rule.optionalNumber("max_p99_ms"),
                Duration.ofSeconds(rule.optionalWhole("window_seconds").orElse(60L)),
                rule.optionalWhole("min_requests").orElse(50L).intValue());
    }

    private static ServingSettings settings(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return ServingSettings.DEFAULT;
        }
        Fields fields = new Fields(node, "settings", Set.of("max_batch_size", "max_wait_ms", "threads", "max_request_bytes", "timeout_ms"));
        ServingSettings d = ServingSettings.DEFAULT;
        return new ServingSettings(
                fields.optionalWhole("max_batch_size").map(Long::intValue).orElse(d.maxBatchSize()),
                fields.optionalWhole("max_wait_ms").map(Duration::ofMillis).orElse(d.maxWait()),
                fields.optionalWhole("threads").map(Long::intValue).orElse(d.threads()),
                fields.optionalWhole("max_request_bytes").orElse(d.maxRequestBytes()),
                fields.optionalWhole("timeout_ms").map(Duration::ofMillis).orElse(d.timeout()));
    }

    /** The JSON form, which {@link #parse} reads back to an equal spec. */
    public ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode().put("model", model);
        ObjectNode traffic = root.putObject("traffic").put("policy", policy.kind());
        if (policy instanceof TrafficPolicy.Split split) {
            ArrayNode armsNode = traffic.putArray("arms");
            for (ArmSpec arm : arms) {
                putSelector(armsNode.addObject().put("name", arm.name()), arm.version()).put("weight", arm.weight());
            }
            split.stickyKey().ifPresent(key -> traffic.put("sticky_key", key));
        } else {
            putSelector(root, arm(STABLE).version());
            if (arms.size() > 1) {
                putSelector(traffic, arms.get(1).version());
            }
            if (policy instanceof TrafficPolicy.Canary canary) {
                traffic.put("percent", canary.percent());
                canary.rollback().ifPresent(rule -> {
                    ObjectNode node = traffic.putObject("rollback");
                    rule.maxErrorRate().ifPresent(rate -> node.put("max_error_rate", rate));
                    rule.maxP99Millis().ifPresent(p99 -> node.put("max_p99_ms", p99));
                    node.put("window_seconds", rule.window().toSeconds()).put("min_requests", rule.minRequests());
                });
            }
        }
        root.putObject("settings").put("max_batch_size", settings.maxBatchSize()).put("max_wait_ms", settings.maxWait().toMillis())
                .put("threads", settings.threads()).put("max_request_bytes", settings.maxRequestBytes())
                .put("timeout_ms", settings.timeout().toMillis());
        // Put the model first and the rest in a stable order, so stored specs read well.
        root.remove("traffic");
        root.set("traffic", traffic);
        root.set("settings", root.remove("settings"));
        return root;
    }

    /** The selector as the fields {@code version} or {@code alias} (neither means the latest). */
    private static ObjectNode putSelector(ObjectNode node, VersionSelector selector) {
        if (selector instanceof VersionSelector.Number number) {
            node.put("version", number.version());
        } else if (selector instanceof VersionSelector.Alias alias) {
            node.put("alias", alias.alias());
        }
        return node;
    }

    /** The fields of one JSON object, checked against the names it may have. */
    private record Fields(JsonNode node, String what, Set<String> allowed) {
        Fields {
            if (!node.isObject()) {
                throw CairnException.invalidParameter(what + " must be a JSON object");
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    throw CairnException.invalidParameter("Unknown field '" + name + "' in " + what + "; expected "
                            + allowed.stream().sorted().toList());
                }
            }
        }

        boolean has(String field) {
            return node.has(field) && !node.get(field).isNull();
        }

        String requiredText(String field) {
            return optionalText(field).orElseThrow(() -> CairnException.invalidParameter(what + " needs '" + field + "'"));
        }

        Optional<String> optionalText(String field) {
            if (!has(field)) {
                return Optional.empty();
            }
            if (!node.get(field).isTextual()) {
                throw CairnException.invalidParameter("'" + field + "' in " + what + " must be a string");
            }
            return Optional.of(node.get(field).asText());
        }

        Optional<Double> optionalNumber(String field) {
            if (!has(field)) {
                return Optional.empty();
            }
            if (!node.get(field).isNumber()) {
                throw CairnException.invalidParameter("'" + field + "' in " + what + " must be a number");
            }
            return Optional.of(node.get(field).asDouble());
        }

        /** A whole number within int range (a count, a size or milliseconds). */
        Optional<Long> optionalWhole(String field) {
            Optional<Double> number = optionalNumber(field);
            if (number.isPresent() && (number.get() != Math.rint(number.get()) || Math.abs(number.get()) > Integer.MAX_VALUE)) {
                throw CairnException.invalidParameter("'" + field + "' in " + what + " must be a whole number; got " + node.get(field));
            }
            return number.map(Double::longValue);
        }

        VersionSelector selector() {
            Optional<Integer> version = Optional.empty();
            if (has("version")) {
                JsonNode value = node.get("version");
                if (value.isIntegralNumber() && value.canConvertToInt()) {
                    version = Optional.of(value.asInt());
                } else if (value.isTextual() && value.asText().matches("[0-9]{1,9}")) {
                    version = Optional.of(Integer.parseInt(value.asText()));
                } else {
                    throw CairnException.invalidParameter("'version' in " + what + " must be a version number");
                }
            }
            return VersionSelector.of(version, optionalText("alias"));
        }

        VersionSelector requiredSelector() {
            if (!has("version") && !has("alias")) {
                throw CairnException.invalidParameter(what + " needs the challenger's 'version' or 'alias'");
            }
            return selector();
        }
    }
}
