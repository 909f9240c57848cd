package dev.cairn.pipeline.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pipeline's run parameters: declared at the top of the spec with their defaults, given per run
 * (an API call, {@code cairn pipelines run --param}, the window of the alert that fired it), and
 * written into step parameters as {@code ${params.<name>}}.
 * <pre>
 * params:
 *   window_from: ""          # text
 *   min_auc: 0.7             # number
 *   dry_run: false           # true or false
 * </pre>
 * A parameter's type is its default's: text, a whole number, a number, or true/false. A step parameter that is one reference takes the value
 * with its type (so {@code threshold: ${params.min_auc}} is a number); a reference inside a longer
 * text is replaced by the value's text. Values are in place before the step checks run, so a value
 * of the wrong type for a step fails like a wrong literal, and the cache key holds the values.
 */
final class RunParameters {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{params\\.([^}]*)}");

    private final Map<String, JsonNode> values;

    private RunParameters(Map<String, JsonNode> values) {
        this.values = values;
    }

    /** The declarations under {@code params}, each set to its given text value or else its default. */
    static RunParameters of(JsonNode declared, Map<String, String> given, PipelineSpecReader.Located at) {
        if (!declared.isMissingNode() && !declared.isObject()) {
            throw at.error("/params", "'params' must be a mapping of run parameter names to their defaults");
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> param = it.next();
            String pointer = "/params/" + param.getKey();
            if (!NAME.matcher(param.getKey()).matches()) {
                throw at.error(pointer, "run parameter name '" + param.getKey() + "' must be letters, digits and '_', not starting with a digit");
            }
            JsonNode fallback = param.getValue();
            if (!(fallback.isTextual() || fallback.isNumber() || fallback.isBoolean())) {
                throw at.error(pointer, "run parameter '" + param.getKey() + "' needs a default that is a text, a number or true/false");
            }
            values.put(param.getKey(), fallback);
        }
        for (Map.Entry<String, String> value : given.entrySet()) {
            JsonNode fallback = values.get(value.getKey());
            if (fallback == null) {
                throw at.error(values.isEmpty() ? "" : "/params", "the pipeline has no run parameter '" + value.getKey() + "'; "
                        + (values.isEmpty() ? "it declares none (add them under 'params')" : "its run parameters: " + String.join(", ", values.keySet())));
            }
            values.put(value.getKey(), typed(value.getKey(), value.getValue(), fallback, at));
        }
        return new RunParameters(Collections.unmodifiableMap(values));
    }

    /** Every run parameter with the value this run has, in the order declared. */
    Map<String, JsonNode> values() {
        return values;
    }

    /**
     * A copy of a step's parameters with every {@code ${params.<name>}} replaced; a reference to a
     * parameter not declared fails with the step's line.
     */
    ObjectNode substitute(ObjectNode params, String step, PipelineSpecReader.Located at) {
        return (ObjectNode) substitute(params, step, "/steps/" + step + "/params", at);
    }

    private JsonNode substitute(JsonNode node, String step, String pointer, PipelineSpecReader.Located at) {
        if (node.isTextual()) {
            return substituteText(node.asText(), step, pointer, at);
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), substitute(field.getValue(), step, pointer + "/" + field.getKey(), at)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(substitute(element, step, pointer, at)));
            return copy;
        }
        return node;
    }

    private JsonNode substituteText(String text, String step, String pointer, PipelineSpecReader.Located at) {
        Matcher whole = REFERENCE.matcher(text.strip());
        if (whole.matches()) {
            return value(whole.group(1), step, pointer, at);
        }
        return TextNode.valueOf(REFERENCE.matcher(text).replaceAll(match -> Matcher.quoteReplacement(
                value(match.group(1), step, pointer, at).asText())));
    }

    private JsonNode value(String name, String step, String pointer, PipelineSpecReader.Located at) {
        JsonNode value = values.get(name);
        if (value == null) {
            throw at.error(pointer, "step '" + step + "' refers to ${params." + name + "}, but the pipeline declares no run parameter '" + name + "'"
                    + (values.isEmpty() ? "; declare it under 'params' with its default" : "; its run parameters: " + String.join(", ", values.keySet())));
        }
        return value;
    }

    private static JsonNode typed(String name, String text, JsonNode fallback, PipelineSpecReader.Located at) {
        if (fallback.isTextual()) {
            return TextNode.valueOf(text);
        }
        if (fallback.isBoolean()) {
            if (!text.equals("true") && !text.equals("false")) {
                throw at.error("/params/" + name, "run parameter '" + name + "' is true or false, not '" + shortened(text) + "'");
            }
            return BooleanNode.valueOf(Boolean.parseBoolean(text));
        }
        BigDecimal number;
        try {
            number = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw at.error("/params/" + name, "run parameter '" + name + "' is a number, not '" + shortened(text) + "'");
        }
        if (!fallback.isIntegralNumber()) {
            return DecimalNode.valueOf(number);
        }
        try {
            return LongNode.valueOf(number.longValueExact());
        } catch (ArithmeticException e) {
            throw at.error("/params/" + name, "run parameter '" + name + "' is a whole number (its default is " + fallback.asText()
                    + "), not '" + shortened(text) + "'");
        }
    }

    private static String shortened(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
