package dev.cairn.monitor.integrity;

import dev.cairn.core.error.CairnException;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What to check: the reference's columns (empty: all of them) and how far the current null share
 * may exceed the reference's before it is a violation, as an absolute share (default 0.05: a
 * column with 2% nulls in the reference may have up to 7% in the current table).
 */
public record IntegrityOptions(List<String> columns, double nullTolerance) {
    /** The default absolute excess of the current null share over the reference's. */
    public static final double DEFAULT_NULL_TOLERANCE = 0.05;

    public IntegrityOptions {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        if (!(nullTolerance >= 0 && nullTolerance <= 1)) {
            throw CairnException.invalidParameter("The null tolerance must be a share in [0, 1], not " + nullTolerance);
        }
    }

    /** Every column, the default tolerance. */
    public static IntegrityOptions defaults() {
        return new IntegrityOptions(List.of(), DEFAULT_NULL_TOLERANCE);
    }
}
