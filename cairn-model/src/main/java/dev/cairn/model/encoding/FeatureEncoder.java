package dev.cairn.model.encoding;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * A {@link FeatureEncoding} made ready to encode many times: the feature names, where each
 * transform's features go in model order, and each one-hot lookup table are worked out once.
 * A served model encodes every request; building these per request cost more than the model.
 */
public final class FeatureEncoder {
    private final List<Step> steps;
    private final List<String> features;

    /** An encoder of {@code encoding}. */
    public FeatureEncoder(FeatureEncoding encoding) {
        requireNonNull(encoding, "encoding is null");
        this.features = encoding.features();
        Map<String, Integer> positions = new HashMap<>(features.size() * 2);
        for (int i = 0; i < features.size(); i++) {
            positions.put(features.get(i), i);
        }
        List<Step> built = new ArrayList<>(encoding.transforms().size());
        for (FeatureTransform transform : encoding.transforms()) {
            List<String> written = transform.features();
            int[] targets = new int[written.size()];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = positions.getOrDefault(written.get(i), -1);
            }
            Function<Column, List<double[]>> apply = transform instanceof OneHotFeature oneHot
                    ? OneHotFeature.Lookup.of(oneHot)::apply
                    : transform::apply;
            built.add(new Step(transform.column(), apply, targets));
        }
        this.steps = List.copyOf(built);
    }

    /** Encodes raw rows into the model's features, in model order; features the model never saw are dropped. */
    public Frame encode(Frame raw) {
        double[][] values = new double[features.size()][];
        for (Step step : steps) {
            Column column = raw.column(step.column()).orElseThrow(() -> CairnException.invalidParameter(
                    "The input has no column '" + step.column() + "', which the model's encoding reads"));
            List<double[]> written = step.apply().apply(column);
            for (int i = 0; i < step.targets().length; i++) {
                if (step.targets()[i] >= 0) {
                    values[step.targets()[i]] = written.get(i);
                }
            }
        }
        List<Column> columns = new ArrayList<>(features.size());
        for (int i = 0; i < values.length; i++) {
            columns.add(Column.Numbers.ofDoubles(features.get(i), values[i]));
        }
        return new Frame(columns);
    }

    /** One transform: the column it reads, how it writes, and where each of its features goes (-1: dropped). */
    private record Step(String column, Function<Column, List<double[]>> apply, int[] targets) {
    }
}
