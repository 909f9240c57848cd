package dev.cairn.dashboard.models;

import dev.cairn.core.registry.RegisteredModel;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The models page: a name search, one page of registered models and the next page's token. */
public record ModelList(String search, List<RegisteredModel> models, Optional<String> nextPageToken) {
    public ModelList {
        requireNonNull(search, "search is null");
        models = List.copyOf(models);
        requireNonNull(nextPageToken, "nextPageToken is null");
    }
}
