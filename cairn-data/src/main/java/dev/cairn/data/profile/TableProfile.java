package dev.cairn.data.profile;

import java.util.List;

/**
 * The profile of a table: its row count and one {@link ColumnProfile} per column, in table order.
 * Stored with a dataset version, it is the reference that drift monitoring compares serving data to.
 */
public record TableProfile(long rowCount, List<ColumnProfile> columns) {
    public TableProfile {
        columns = List.copyOf(columns);
    }
}
