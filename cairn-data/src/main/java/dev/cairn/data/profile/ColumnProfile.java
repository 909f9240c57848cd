package dev.cairn.data.profile;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The statistics of one column: numbers get moments, quantiles and a histogram; text gets its
 * cardinality and most frequent values; dates and timestamps get their range.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ColumnProfile.Numeric.class, name = "numeric"),
        @JsonSubTypes.Type(value = ColumnProfile.Categorical.class, name = "categorical"),
        @JsonSubTypes.Type(value = ColumnProfile.Temporal.class, name = "temporal")})
public sealed interface ColumnProfile permits ColumnProfile.Numeric, ColumnProfile.Categorical, ColumnProfile.Temporal {
    /** The column's name. */
    String name();

    /** The database type of the column (DuckDB's name for it). */
    String type();

    /** Rows with a value. */
    long count();

    /** Rows without one. */
    long nulls();

    /**
     * A numeric column.
     *
     * @param quantiles approximate quantiles keyed {@code p01, p05, p25, p50, p75, p95, p99}
     * @param histogram equal-width bins between min and max
     */
    record Numeric(String name, String type, long count, long nulls, double min, double max, double mean, double std,
                   Map<String, Double> quantiles, List<Bin> histogram) implements ColumnProfile {
        public Numeric {
            requireNonNull(name, "name is null");
            quantiles = Map.copyOf(quantiles);
            histogram = List.copyOf(histogram);
        }
    }

    /** A text column: how many distinct values (approximate), and the most frequent ones. */
    record Categorical(String name, String type, long count, long nulls, long cardinality, List<ValueCount> topValues)
            implements ColumnProfile {
        public Categorical {
            requireNonNull(name, "name is null");
            topValues = List.copyOf(topValues);
        }
    }

    /** A date or timestamp column: its range, as ISO text. */
    record Temporal(String name, String type, long count, long nulls, String min, String max) implements ColumnProfile {
        public Temporal {
            requireNonNull(name, "name is null");
        }
    }

    /** One histogram bin: values in {@code [lower, upper)} (the last bin includes its upper edge). */
    record Bin(double lower, double upper, long count) {
    }

    /** A value and how many rows hold it. */
    record ValueCount(String value, long count) {
    }
}
