package dev.cairn.model.encoding;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A categorical column as one feature per category seen in training, {@code <column>=<value>},
 * 1 for the row's category and 0 for the others. A missing value or a category training never
 * saw gives all zeros. Numeric columns work too: their text is the category.
 *
 * @param inputType the column's type, which the signature keeps
 */
public record OneHotFeature(String column, ColumnType inputType, List<String> categories) implements FeatureTransform {
    public OneHotFeature {
        Names.requireColumn(column);
        if (inputType == null) {
            throw CairnException.invalidParameter("One-hot feature '" + column + "' needs an input_type");
        }
        if (categories == null || categories.isEmpty()) {
            throw CairnException.invalidParameter("One-hot feature '" + column + "' needs at least one category");
        }
        categories = List.copyOf(categories);
    }

    @Override
    public List<String> features() {
        return categories.stream().map(category -> column + "=" + category).toList();
    }

    @Override
    public List<double[]> apply(Column raw) {
        return Lookup.of(this).apply(raw);
    }

    /** The categories by value, built once for a transform that encodes many batches. */
    record Lookup(int width, Map<String, Integer> index) {
        static Lookup of(OneHotFeature feature) {
            Map<String, Integer> index = new HashMap<>(feature.categories().size() * 2);
            for (int k = 0; k < feature.categories().size(); k++) {
                index.put(feature.categories().get(k), k);
            }
            return new Lookup(feature.categories().size(), Map.copyOf(index));
        }

        List<double[]> apply(Column raw) {
            List<double[]> out = new ArrayList<>(width);
            for (int k = 0; k < width; k++) {
                out.add(new double[raw.size()]);
            }
            for (int r = 0; r < raw.size(); r++) {
                if (!raw.isNull(r)) {
                    Integer k = index.get(raw.text(r));
                    if (k != null) {
                        out.get(k)[r] = 1.0;
                    }
                }
            }
            return out;
        }
    }
}
