package dev.cairn.pipeline.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/** A reference to another step's output, written {@code ${steps.<step>.outputs.<name>}}. */
public record OutputReference(String step, String output) {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{steps\\.([A-Za-z0-9_-]+)\\.outputs\\.([A-Za-z0-9_-]+)}");

    public OutputReference {
        requireNonNull(step, "step is null");
        requireNonNull(output, "output is null");
    }

    /** Every reference in a text, in order. */
    public static List<OutputReference> findIn(String text) {
        List<OutputReference> found = new ArrayList<>();
        Matcher matcher = REFERENCE.matcher(text);
        while (matcher.find()) {
            found.add(new OutputReference(matcher.group(1), matcher.group(2)));
        }
        return found;
    }

    /** The reference if the whole text is one. */
    public static Optional<OutputReference> whole(String text) {
        Matcher matcher = REFERENCE.matcher(text.strip());
        return matcher.matches() ? Optional.of(new OutputReference(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    /** Replaces every reference in a text by what {@code value} gives for it. */
    public static String replaceIn(String text, Function<OutputReference, String> value) {
        return REFERENCE.matcher(text).replaceAll(match -> Matcher.quoteReplacement(
                value.apply(new OutputReference(match.group(1), match.group(2)))));
    }

    /** A copy of a YAML value with every reference in its texts replaced by what {@code value} gives for it. */
    public static JsonNode replaceIn(JsonNode node, Function<OutputReference, String> value) {
        if (node.isTextual()) {
            return TextNode.valueOf(replaceIn(node.asText(), value));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), replaceIn(field.getValue(), value)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(replaceIn(element, value)));
            return copy;
        }
        return node;
    }

    /** The reference as written in a spec. */
    @Override
    public String toString() {
        return "${steps." + step + ".outputs." + output + "}";
    }
}
