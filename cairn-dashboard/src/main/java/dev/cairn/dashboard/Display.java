package dev.cairn.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the pages write times, numbers and sizes: the same way on every page. */
public final class Display {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Display() {
    }

    /** A time in milliseconds since the epoch, in UTC; a dash for none (0). */
    public static String time(long epochMillis) {
        return epochMillis <= 0 ? "—" : TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** A duration between two times, such as {@code 1 min 12 s}; a dash when it has not ended. */
    public static String duration(long fromMillis, long toMillis) {
        if (toMillis <= 0 || toMillis < fromMillis) {
            return "—";
        }
        return elapsed(toMillis - fromMillis);
    }

    /** A length of time in milliseconds, such as {@code 1 min 12 s}. */
    public static String elapsed(long millis) {
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds == 0 ? millis + " ms" : seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }

    /** A metric or statistic: at most 4 decimals and no trailing zeros, integers grouped. */
    public static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        if (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-4) {
            return String.format(Locale.ROOT, "%.4g", value);
        }
        return String.format(Locale.ROOT, "%.4f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** A count, grouped by thousands. */
    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** A share as a percentage with one decimal. */
    public static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    /** A value for a query string. */
    public static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A value for a path segment: like a query value, but spaces are {@code %20}. */
    public static String segment(String value) {
        return query(value).replace("+", "%20");
    }

    /** Text cut to {@code max} characters with an ellipsis, for table cells. */
    public static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
