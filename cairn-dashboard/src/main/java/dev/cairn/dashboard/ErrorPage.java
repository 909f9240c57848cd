package dev.cairn.dashboard;

import static java.util.Objects.requireNonNull;

/**
 * What a failed page shows instead: a title, what went wrong in words, and a way back.
 *
 * @param backUrl where the "back" link leads, a page that exists
 */
public record ErrorPage(int status, String title, String message, String backUrl, String backLabel) {
    public ErrorPage {
        requireNonNull(title, "title is null");
        requireNonNull(message, "message is null");
        requireNonNull(backUrl, "backUrl is null");
        requireNonNull(backLabel, "backLabel is null");
    }
}
