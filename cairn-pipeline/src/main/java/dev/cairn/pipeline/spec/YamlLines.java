package dev.cairn.pipeline.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of every field of a YAML document, by JSON pointer. Jackson's trees drop token
 * locations, so the document is streamed once more to keep them.
 */
final class YamlLines {
    private final Map<JsonPointer, Integer> lines;

    private YamlLines(Map<JsonPointer, Integer> lines) {
        this.lines = lines;
    }

    /** The lines of a YAML text (already known to parse). */
    static YamlLines of(String yaml) throws IOException {
        Map<JsonPointer, Integer> lines = new HashMap<>();
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME) {
                    lines.put(parser.getParsingContext().pathAsPointer(), parser.currentTokenLocation().getLineNr());
                }
            }
        }
        return new YamlLines(lines);
    }

    /** The line of a field, or of its nearest enclosing field; 1 for the document itself. */
    int line(JsonPointer pointer) {
        for (JsonPointer at = pointer; at != null && !at.matches(); at = at.head()) {
            Integer line = lines.get(at);
            if (line != null) {
                return line;
            }
        }
        return 1;
    }
}
