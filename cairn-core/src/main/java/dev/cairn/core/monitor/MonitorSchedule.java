package dev.cairn.core.monitor;

import dev.cairn.core.error.CairnException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * How often a deployment is monitored on its own: every {@code every}, the window of
 * {@code window} that ends at the firing time is compared with the reference, as an on-demand
 * run with the same options would compare it.
 *
 * @param deployment the monitored deployment
 * @param every the time between two runs
 * @param window the length of each run's window
 * @param referenceDataset the dataset to compare with instead of the model's training data
 * @param referenceVersion its version, given exactly when the dataset is
 * @param columns the inputs compared; empty for every input
 * @param driftShare the share of drifted columns at which the dataset drifts
 */
public record MonitorSchedule(String deployment, Duration every, Duration window, Optional<String> referenceDataset,
                              OptionalLong referenceVersion, List<String> columns, double driftShare) {
    /** The shortest time between two runs: a run exports the window and may score the reference. */
    public static final Duration MIN_EVERY = Duration.ofSeconds(5);
    /** The longest time between two runs, and the longest window. */
    public static final Duration MAX_SPAN = Duration.ofDays(366);
    /** The most columns a schedule names. */
    public static final int MAX_COLUMNS = 1_000;
    /** The longest column or dataset name kept. */
    public static final int MAX_NAME_LENGTH = 256;

    public MonitorSchedule {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(every, "every is null");
        requireNonNull(window, "window is null");
        requireNonNull(referenceDataset, "referenceDataset is null");
        requireNonNull(referenceVersion, "referenceVersion is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        if (every.compareTo(MIN_EVERY) < 0 || every.compareTo(MAX_SPAN) > 0) {
            throw CairnException.invalidParameter("A monitor schedule runs every " + MIN_EVERY.toSeconds() + " seconds to " + MAX_SPAN.toDays()
                    + " days; got " + every.toSeconds() + " seconds");
        }
        if (window.isNegative() || window.isZero() || window.compareTo(MAX_SPAN) > 0) {
            throw CairnException.invalidParameter("A monitor schedule's window is longer than 0 and at most " + MAX_SPAN.toDays() + " days");
        }
        if (referenceDataset.isPresent() != referenceVersion.isPresent()) {
            throw CairnException.invalidParameter("Name both 'reference_dataset' and 'reference_version', or neither to compare with the "
                    + "data the model was trained on");
        }
        if (referenceDataset.map(name -> name.isEmpty() || name.length() > MAX_NAME_LENGTH).orElse(false)
                || (referenceVersion.isPresent() && (referenceVersion.getAsLong() < 1 || referenceVersion.getAsLong() > Integer.MAX_VALUE))) {
            throw CairnException.invalidParameter("A reference is a dataset name of 1 to " + MAX_NAME_LENGTH + " characters and a version from 1 to "
                    + Integer.MAX_VALUE);
        }
        if (columns.size() > MAX_COLUMNS || columns.stream().anyMatch(column -> column.isEmpty() || column.length() > MAX_NAME_LENGTH)) {
            throw CairnException.invalidParameter("A monitor schedule names at most " + MAX_COLUMNS + " columns of 1 to " + MAX_NAME_LENGTH
                    + " characters");
        }
        if (!(driftShare > 0 && driftShare <= 1)) {
            throw CairnException.invalidParameter("'drift_share' is a share above 0 and at most 1; got " + driftShare);
        }
    }

    /** A span of time as people write it: {@code 30s}, {@code 15m}, {@code 6h}, {@code 2d}, or an ISO-8601 duration ({@code PT1H30M}). */
    public static Duration parseSpan(String text) {
        String lower = text.trim().toLowerCase(Locale.ROOT);
        if (lower.matches("[1-9][0-9]{0,6}[smhd]")) {
            long amount = Long.parseLong(lower.substring(0, lower.length() - 1));
            return switch (lower.charAt(lower.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw CairnException.invalidParameter("A duration is a number with s, m, h or d (30m, 6h, 2d); got '"
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
        }
    }

    /** A span as {@link #parseSpan} reads it: in the largest of d, h, m, s that writes it whole; ISO-8601 when seconds have a fraction. */
    public static String formatSpan(Duration span) {
        if (span.getNano() != 0) {
            return span.toString();
        }
        long seconds = span.toSeconds();
        if (seconds != 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds != 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
