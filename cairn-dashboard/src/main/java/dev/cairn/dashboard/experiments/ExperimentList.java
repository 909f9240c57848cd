package dev.cairn.dashboard.experiments;

import dev.cairn.core.tracking.Experiment;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The experiments page: a name search, one page of experiments and the next page's token. */
public record ExperimentList(String search, List<Experiment> experiments, Optional<String> nextPageToken) {
    public ExperimentList {
        requireNonNull(search, "search is null");
        experiments = List.copyOf(experiments);
        requireNonNull(nextPageToken, "nextPageToken is null");
    }
}
