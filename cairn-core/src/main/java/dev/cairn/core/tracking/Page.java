package dev.cairn.core.tracking;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** One page of search results and the token that fetches the next one, if there is one. */
public record Page<T>(List<T> items, Optional<String> nextPageToken) {
    public Page {
        items = List.copyOf(items);
        requireNonNull(nextPageToken, "nextPageToken is null");
    }
}
