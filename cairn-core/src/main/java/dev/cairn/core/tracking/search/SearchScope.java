package dev.cairn.core.tracking.search;

import static dev.cairn.core.tracking.search.EntityType.ATTRIBUTE;
import static dev.cairn.core.tracking.search.EntityType.TAG;
import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The entity a search looks for, which decides the identifiers and operators it allows. */
enum SearchScope {
    RUNS(
            "runs",
            EnumSet.allOf(EntityType.class),
            runFilterAttributes(),
            EnumSet.allOf(EntityType.class),
            List.of("start_time", "end_time", "run_name", "status", "run_id", "user_id", "artifact_uri"),
            Map.of("created", "start_time", "Created", "start_time", "run_uuid", "run_id", "name", "run_name")),
    EXPERIMENTS(
            "experiments",
            EnumSet.of(TAG, ATTRIBUTE),
            experimentFilterAttributes(),
            EnumSet.of(ATTRIBUTE),
            List.of("name", "experiment_id", "creation_time", "last_update_time"),
            Map.of()),
    REGISTERED_MODELS(
            "registered models",
            EnumSet.of(TAG, ATTRIBUTE),
            registeredModelFilterAttributes(),
            EnumSet.of(ATTRIBUTE),
            List.of("name", "creation_timestamp", "last_updated_timestamp"),
            Map.of()),
    MODEL_VERSIONS(
            "model versions",
            EnumSet.of(TAG, ATTRIBUTE),
            modelVersionFilterAttributes(),
            EnumSet.of(ATTRIBUTE),
            List.of("name", "version_number", "creation_timestamp", "last_updated_timestamp"),
            Map.of("version", "version_number", "source", "source_path"));

    private final String noun;
    private final Set<EntityType> filterTypes;
    private final Map<String, KeyRule> filterAttributes;
    private final Set<EntityType> orderByTypes;
    private final List<String> orderByAttributes;
    private final Map<String, String> aliases;

    SearchScope(
            String noun,
            Set<EntityType> filterTypes,
            Map<String, KeyRule> filterAttributes,
            Set<EntityType> orderByTypes,
            List<String> orderByAttributes,
            Map<String, String> aliases) {
        this.noun = noun;
        this.filterTypes = Collections.unmodifiableSet(filterTypes);
        this.filterAttributes = filterAttributes;
        this.orderByTypes = Collections.unmodifiableSet(orderByTypes);
        this.orderByAttributes = orderByAttributes;
        this.aliases = aliases;
    }

    /** The searched entity in the plural, for error messages. */
    String noun() {
        return noun;
    }

    /** Maps an attribute alias to its canonical name; other names come back unchanged. */
    String canonicalAttribute(String name) {
        return aliases.getOrDefault(name, name);
    }

    /** Whether identifiers of this type may appear in a filter. */
    boolean filters(EntityType type) {
        return filterTypes.contains(type);
    }

    /** Whether identifiers of this type may appear in an order_by clause. */
    boolean ordersBy(EntityType type) {
        return orderByTypes.contains(type);
    }

    /**
     * What a filter may do with a key; empty for an unknown attribute. Attribute names must be
     * canonical already.
     */
    Optional<KeyRule> filterRule(EntityType type, String key) {
        return switch (type) {
            case METRIC -> Optional.of(KeyRule.NUMERIC);
            case PARAM, TAG -> Optional.of(KeyRule.KEY_VALUE_STRING);
            case ATTRIBUTE -> Optional.ofNullable(filterAttributes.get(key));
        };
    }

    /** Whether an order_by clause may name this canonical attribute. */
    boolean ordersByAttribute(String name) {
        return orderByAttributes.contains(name);
    }

    /** The attributes a filter may name, in a stable order, for error messages. */
    String filterAttributeNames() {
        return String.join(", ", filterAttributes.keySet());
    }

    /** The attributes an order_by clause may name, for error messages. */
    String orderByAttributeNames() {
        return String.join(", ", orderByAttributes);
    }

    private static Map<String, KeyRule> runFilterAttributes() {
        Map<String, KeyRule> rules = new LinkedHashMap<>();
        for (String name : List.of("run_id", "run_name", "status", "user_id", "artifact_uri", "lifecycle_stage")) {
            rules.put(name, KeyRule.STRING_ATTRIBUTE);
        }
        rules.put("start_time", KeyRule.NUMERIC);
        rules.put("end_time", KeyRule.NUMERIC);
        return Collections.unmodifiableMap(rules);
    }

    private static Map<String, KeyRule> experimentFilterAttributes() {
        Map<String, KeyRule> rules = new LinkedHashMap<>();
        rules.put("name", KeyRule.of(false, Operator.EQ, Operator.NOT_EQ, Operator.LIKE, Operator.ILIKE));
        rules.put("creation_time", KeyRule.NUMERIC);
        rules.put("last_update_time", KeyRule.NUMERIC);
        rules.put("experiment_id", KeyRule.of(false, Operator.EQ, Operator.NOT_EQ, Operator.IN, Operator.NOT_IN));
        return Collections.unmodifiableMap(rules);
    }

    /**
     * The operators a key accepts, and whether its single-valued operators take numbers or strings.
     *
     * @param operators the allowed operators, iterated in declaration order
     * @param numeric true if {@code =}, {@code <} and the like take a number rather than a string
     */
    private static Map<String, KeyRule> registeredModelFilterAttributes() {
        return Map.of("name", KeyRule.of(false, Operator.EQ, Operator.NOT_EQ, Operator.LIKE, Operator.ILIKE));
    }

    private static Map<String, KeyRule> modelVersionFilterAttributes() {
        Map<String, KeyRule> rules = new LinkedHashMap<>();
        rules.put("name", KeyRule.of(false, Operator.EQ, Operator.NOT_EQ, Operator.LIKE, Operator.ILIKE));
        rules.put("run_id", KeyRule.STRING_ATTRIBUTE);
        rules.put("source_path", KeyRule.of(false, Operator.EQ, Operator.NOT_EQ, Operator.LIKE, Operator.ILIKE));
        rules.put("version_number", KeyRule.NUMERIC);
        return Collections.unmodifiableMap(rules);
    }

    record KeyRule(Set<Operator> operators, boolean numeric) {
        // Kept in this nested class, not in the enum, because enum constructors run before the
        // enum's own static fields are set.
        static final KeyRule NUMERIC = of(
                true, Operator.EQ, Operator.NOT_EQ, Operator.GT, Operator.GTE, Operator.LT, Operator.LTE);
        static final KeyRule KEY_VALUE_STRING = of(
                false,
                Operator.EQ, Operator.NOT_EQ, Operator.LIKE, Operator.ILIKE,
                Operator.IN, Operator.NOT_IN, Operator.IS_NULL, Operator.IS_NOT_NULL);
        static final KeyRule STRING_ATTRIBUTE = of(
                false, Operator.EQ, Operator.NOT_EQ, Operator.LIKE, Operator.ILIKE, Operator.IN, Operator.NOT_IN);

        KeyRule {
            operators = Collections.unmodifiableSet(EnumSet.copyOf(requireNonNull(operators, "operators is null")));
        }

        static KeyRule of(boolean numeric, Operator first, Operator... rest) {
            return new KeyRule(EnumSet.of(first, rest), numeric);
        }

        /** The allowed operators as written in a filter, for error messages. */
        String operatorSymbols() {
            return operators.stream().map(Operator::symbol).collect(Collectors.joining(", "));
        }

        /** What the operand of an operator must look like, for error messages. */
        String expectedValue(Operator operator) {
            return switch (operator) {
                case IN, NOT_IN -> "a list of quoted strings such as ('a', 'b')";
                case IS_NULL, IS_NOT_NULL -> "no value";
                default -> numeric ? "a number" : "a quoted string";
            };
        }
    }
}
