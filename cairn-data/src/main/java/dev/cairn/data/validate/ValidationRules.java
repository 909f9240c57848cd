package dev.cairn.data.validate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.cairn.core.error.CairnException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The checks a dataset must pass, as written in a YAML file next to the pipeline:
 * <pre>
 * row_count: {min: 1000}
 * columns:
 *   distance: {type: integer, min: 0, max: 6000, max_null_share: 0.0}
 *   origin: {type: string, max_null_share: 0.01}
 *   id: {unique: true}
 * </pre>
 * A column named under {@code columns} must exist.
 */
public record ValidationRules(Optional<RowCount> rowCount, Map<String, ColumnRule> columns) {
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new Jdk8Module())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public ValidationRules {
        rowCount = rowCount == null ? Optional.empty() : rowCount;
        columns = columns == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        columns.forEach((name, rule) -> {
            if (rule == null) {
                throw CairnException.invalidParameter("Column '" + name + "' has an empty rule; write {} to only require that it exists");
            }
        });
    }

    /** Bounds on the number of rows. */
    public record RowCount(Optional<Long> min, Optional<Long> max) {
        public RowCount {
            min = min == null ? Optional.empty() : min;
            max = max == null ? Optional.empty() : max;
        }
    }

    /** Reads rules from a YAML file. */
    public static ValidationRules read(Path file) {
        try {
            return YAML.readValue(file.toFile(), ValidationRules.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof CairnException ? e.getCause() : e;
            throw CairnException.invalidParameter("Invalid validation rules " + file + ": " + cause.getMessage().lines().findFirst().orElse(""));
        }
    }
}
