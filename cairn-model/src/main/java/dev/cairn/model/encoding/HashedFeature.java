package dev.cairn.model.encoding;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;

import java.util.ArrayList;
import java.util.List;

/**
 * A categorical column hashed into a fixed number of buckets, {@code <column>#<bucket>}: the
 * encoding of columns with too many values to one-hot, which also takes values training never
 * saw. The bucket is {@link String#hashCode()} of the value's text modulo {@code buckets}; the
 * JDK specifies that hash, so it is stable across versions and machines.
 */
public record HashedFeature(String column, ColumnType inputType, int buckets) implements FeatureTransform {
    public HashedFeature {
        Names.requireColumn(column);
        if (inputType == null) {
            throw CairnException.invalidParameter("Hashed feature '" + column + "' needs an input_type");
        }
        if (buckets < 2 || buckets > 1 << 20) {
            throw CairnException.invalidParameter("Hashed feature '" + column + "' needs between 2 and 1048576 buckets, not " + buckets);
        }
    }

    @Override
    public List<String> features() {
        List<String> names = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            names.add(column + "#" + b);
        }
        return names;
    }

    @Override
    public List<double[]> apply(Column raw) {
        List<double[]> out = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            out.add(new double[raw.size()]);
        }
        for (int r = 0; r < raw.size(); r++) {
            if (!raw.isNull(r)) {
                out.get(Math.floorMod(raw.text(r).hashCode(), buckets))[r] = 1.0;
            }
        }
        return out;
    }
}
