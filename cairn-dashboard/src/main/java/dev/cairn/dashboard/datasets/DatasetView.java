package dev.cairn.dashboard.datasets;

import dev.cairn.core.dataset.DatasetVersion;
import dev.cairn.dashboard.Chart;
import dev.cairn.data.profile.ColumnProfile;
import dev.cairn.data.profile.TableProfile;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A dataset's page: its versions and one of them in full.
 *
 * @param profile the shown version's profile, if it has one
 * @param histograms each numeric column's histogram, by column name
 */
public record DatasetView(String name, List<DatasetVersion> versions, DatasetVersion shown, Optional<TableProfile> profile,
                          Map<String, Chart> histograms) {
    public DatasetView {
        requireNonNull(name, "name is null");
        versions = List.copyOf(versions);
        requireNonNull(shown, "shown is null");
        requireNonNull(profile, "profile is null");
        histograms = Map.copyOf(histograms);
    }

    /** A column's share of missing values. */
    public static double nullShare(ColumnProfile column) {
        long total = column.count() + column.nulls();
        return total == 0 ? 0 : (double) column.nulls() / total;
    }
}
