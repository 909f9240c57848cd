package dev.cairn.model.encoding;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;

import java.util.ArrayList;
import java.util.List;

/**
 * A numeric column, centred and scaled ({@code (x - center) / scale}; center 0 and scale 1 leave
 * it as is). A missing value is replaced by {@code fill} before scaling, and with
 * {@code missingIndicator} a second feature {@code <column>@missing} is 1 where it was missing.
 */
public record NumericFeature(String column, double center, double scale, double fill, boolean missingIndicator)
        implements FeatureTransform {
    public NumericFeature {
        Names.requireColumn(column);
        if (!(scale > 0) || !Double.isFinite(scale) || !Double.isFinite(center) || !Double.isFinite(fill)) {
            throw CairnException.invalidParameter("Numeric feature '" + column + "' needs a finite center and fill and a positive scale");
        }
    }

    @Override
    public ColumnType inputType() {
        return ColumnType.DOUBLE;
    }

    @Override
    public List<String> features() {
        return missingIndicator ? List.of(column, column + "@missing") : List.of(column);
    }

    @Override
    public List<double[]> apply(Column raw) {
        if (!(raw instanceof Column.Numbers numbers)) {
            throw CairnException.invalidParameter("Column '" + column + "' must be numeric, but holds " + raw.type().wireName());
        }
        double[] scaled = new double[numbers.size()];
        double[] missing = missingIndicator ? new double[numbers.size()] : null;
        double[] values = numbers.values();
        for (int r = 0; r < scaled.length; r++) {
            boolean absent = numbers.isNull(r) || Double.isNaN(values[r]);
            scaled[r] = ((absent ? fill : values[r]) - center) / scale;
            if (missing != null && absent) {
                missing[r] = 1.0;
            }
        }
        List<double[]> out = new ArrayList<>(2);
        out.add(scaled);
        if (missing != null) {
            out.add(missing);
        }
        return out;
    }
}
