package dev.cairn.monitor.integrity;

import java.util.Locale;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The integrity of one column of the current table against the reference. A column of both
 * tables has four checks: {@code type} (its kind, numeric, text or temporal, changed: every
 * non-null current value counts), {@code nulls} (the current null share exceeds the reference's
 * by more than the tolerance: the current nulls count), {@code outOfRange} (numeric values
 * outside the reference's [min, max]) and {@code unseen} (text values the reference never held).
 * A column missing from the current table is one violation with no checks; a column only in the
 * current table is information, no violation.
 */
public record ColumnIntegrity(String column, Presence presence, String referenceType, String currentType, IntegrityCheck type,
        double referenceNullShare, double currentNullShare, IntegrityCheck nulls, IntegrityCheck outOfRange, IntegrityCheck unseen) {

    /** Which tables hold the column. */
    public enum Presence {
        BOTH, MISSING, NEW;

        /** The name in JSON: {@code both}, {@code missing}, {@code new}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ColumnIntegrity {
        requireNonNull(column, "column is null");
        requireNonNull(presence, "presence is null");
        requireNonNull(type, "type is null");
        requireNonNull(nulls, "nulls is null");
        requireNonNull(outOfRange, "outOfRange is null");
        requireNonNull(unseen, "unseen is null");
        if ((referenceType == null) != (presence == Presence.NEW) || (currentType == null) != (presence == Presence.MISSING)) {
            throw new IllegalArgumentException("column " + column + " is " + presence + " but has types " + referenceType + " and " + currentType);
        }
        if (presence != Presence.BOTH && Stream.of(type, nulls, outOfRange, unseen).anyMatch(IntegrityCheck::applies)) {
            throw new IllegalArgumentException("column " + column + " is not in both tables, so no check applies to it");
        }
        if (!(referenceNullShare >= 0 && referenceNullShare <= 1 && currentNullShare >= 0 && currentNullShare <= 1)) {
            throw new IllegalArgumentException("the null shares of " + column + " must be in [0, 1], not " + referenceNullShare + " and "
                    + currentNullShare);
        }
    }

    /** A reference column the current table does not have. */
    public static ColumnIntegrity missing(String column, String referenceType) {
        return new ColumnIntegrity(column, Presence.MISSING, referenceType, null, IntegrityCheck.NOT_APPLICABLE, 0, 0,
                IntegrityCheck.NOT_APPLICABLE, IntegrityCheck.NOT_APPLICABLE, IntegrityCheck.NOT_APPLICABLE);
    }

    /** A column only the current table has. */
    public static ColumnIntegrity added(String column, String currentType) {
        return new ColumnIntegrity(column, Presence.NEW, null, currentType, IntegrityCheck.NOT_APPLICABLE, 0, 0,
                IntegrityCheck.NOT_APPLICABLE, IntegrityCheck.NOT_APPLICABLE, IntegrityCheck.NOT_APPLICABLE);
    }

    /** The violations of this column: one when it is missing, else one per violated check. */
    public long violations() {
        return presence == Presence.MISSING ? 1 : Stream.of(type, nulls, outOfRange, unseen).filter(IntegrityCheck::violated).count();
    }
}
