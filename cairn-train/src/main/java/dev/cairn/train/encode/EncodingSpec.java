package dev.cairn.train.encode;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.encoding.DatePartsFeature;
import dev.cairn.model.encoding.FeatureEncoding;
import dev.cairn.model.encoding.FeatureTransform;
import dev.cairn.model.encoding.HashedFeature;
import dev.cairn.model.encoding.NumericFeature;
import dev.cairn.model.encoding.OneHotFeature;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The feature encoding a training spec declares, before it has seen data.
 *
 * @param numeric columns used as numbers; a missing value is filled with the training mean
 * @param scaling {@code standard} (z-scores with the training mean and deviation) or {@code none}
 * @param missingIndicator add {@code <column>@missing} for each numeric column
 * @param oneHot categorical columns encoded one-hot, keeping the {@code maxCategories} most frequent values
 * @param hashed categorical columns hashed into the given number of buckets
 * @param dateParts date or timestamp columns and the parts to take from them
 */
public record EncodingSpec(List<String> numeric, String scaling, boolean missingIndicator, List<String> oneHot, int maxCategories,
                           Map<String, Integer> hashed, Map<String, List<String>> dateParts) {
    public EncodingSpec {
        numeric = numeric == null ? List.of() : List.copyOf(numeric);
        scaling = scaling == null ? "standard" : scaling;
        oneHot = oneHot == null ? List.of() : List.copyOf(oneHot);
        maxCategories = maxCategories == 0 ? 100 : maxCategories;
        hashed = hashed == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(hashed));
        dateParts = dateParts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(dateParts));
        if (!scaling.equals("standard") && !scaling.equals("none")) {
            throw CairnException.invalidParameter("features.scaling must be 'standard' or 'none', not '" + scaling + "'");
        }
        if (maxCategories < 1) {
            throw CairnException.invalidParameter("features.max_categories must be positive");
        }
        Set<String> seen = new HashSet<>();
        List<String> all = new ArrayList<>(numeric);
        all.addAll(oneHot);
        all.addAll(hashed.keySet());
        all.addAll(dateParts.keySet());
        for (String column : all) {
            if (!seen.add(column)) {
                throw CairnException.invalidParameter("Column '" + column + "' is declared twice in features; give each column one encoding");
            }
        }
        if (all.isEmpty()) {
            throw CairnException.invalidParameter("features declares no columns; list some under numeric, one_hot, hashed or date_parts");
        }
    }

    /** The raw columns the encoding reads. */
    public List<String> columns() {
        List<String> all = new ArrayList<>(numeric);
        all.addAll(oneHot);
        all.addAll(hashed.keySet());
        all.addAll(dateParts.keySet());
        return all;
    }

    /** Fits the encoding on training rows: means and deviations, the categories seen. */
    public FeatureEncoding fit(Frame train) {
        List<FeatureTransform> transforms = new ArrayList<>();
        for (String name : numeric) {
            Column column = column(train, name);
            if (!(column instanceof Column.Numbers numbers)) {
                throw CairnException.invalidParameter("Column '" + name + "' is text; declare it under one_hot or hashed, not numeric");
            }
            double[] moments = moments(numbers);
            boolean standard = scaling.equals("standard");
            transforms.add(new NumericFeature(name, standard ? moments[0] : 0.0, standard && moments[1] > 0 ? moments[1] : 1.0,
                    moments[0], missingIndicator));
        }
        for (String name : oneHot) {
            Column column = column(train, name);
            transforms.add(new OneHotFeature(name, column.type(), frequentValues(column, maxCategories)));
        }
        hashed.forEach((name, buckets) -> transforms.add(new HashedFeature(name, column(train, name).type(), buckets)));
        dateParts.forEach((name, parts) -> {
            column(train, name);
            transforms.add(new DatePartsFeature(name, parts));
        });
        List<String> features = transforms.stream().flatMap(t -> t.features().stream()).toList();
        return new FeatureEncoding(transforms, features);
    }

    private static Column column(Frame frame, String name) {
        return frame.column(name).orElseThrow(() -> CairnException.invalidParameter("features names column '" + name
                + "', which the training data does not have; it has " + frame.columns().stream().map(Column::name).toList()));
    }

    /** Mean and population standard deviation of the non-missing values (0 and 1 when there are none). */
    private static double[] moments(Column.Numbers column) {
        double sum = 0;
        double squares = 0;
        long count = 0;
        for (int r = 0; r < column.size(); r++) {
            double value = column.values()[r];
            if (!column.isNull(r) && !Double.isNaN(value)) {
                sum += value;
                squares += value * value;
                count++;
            }
        }
        if (count == 0) {
            return new double[] {0.0, 1.0};
        }
        double mean = sum / count;
        return new double[] {mean, Math.sqrt(Math.max(0, squares / count - mean * mean))};
    }

    private static List<String> frequentValues(Column column, int limit) {
        Map<String, Integer> counts = new HashMap<>();
        for (int r = 0; r < column.size(); r++) {
            if (!column.isNull(r)) {
                counts.merge(column.text(r), 1, Integer::sum);
            }
        }
        if (counts.isEmpty()) {
            throw CairnException.invalidParameter("Column '" + column.name() + "' has no values in the training data to one-hot encode");
        }
        return counts.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(e -> -e.getValue()).thenComparing(Map.Entry::getKey))
                .limit(limit).map(Map.Entry::getKey).toList();
    }
}
