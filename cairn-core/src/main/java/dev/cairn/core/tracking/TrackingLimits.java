package dev.cairn.core.tracking;

import dev.cairn.core.error.CairnException;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * MLflow's limits on names, values and batch sizes, checked in one place so that every write
 * path (single logs, batches, the REST API and the CLI) enforces the same rules.
 */
public final class TrackingLimits {
    /** Longest metric, param or tag key. */
    public static final int MAX_KEY_LENGTH = 250;
    /** Longest param value. */
    public static final int MAX_PARAM_VALUE_LENGTH = 6000;
    /** Longest tag value. */
    public static final int MAX_TAG_VALUE_LENGTH = 8000;
    /** Longest experiment name. */
    public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
    /** Longest run name. */
    public static final int MAX_RUN_NAME_LENGTH = 250;
    /** Most metrics in one {@code log-batch}. */
    public static final int MAX_BATCH_METRICS = 1000;
    /** Most params in one {@code log-batch}. */
    public static final int MAX_BATCH_PARAMS = 100;
    /** Most tags in one {@code log-batch}. */
    public static final int MAX_BATCH_TAGS = 100;
    /** Most entries, of all kinds together, in one {@code log-batch}. */
    public static final int MAX_BATCH_ENTRIES = 1000;
    /** Longest user id (MLflow's column). */
    public static final int MAX_USER_ID_LENGTH = 256;
    /** Longest artifact location or URI (MLflow's column). */
    public static final int MAX_ARTIFACT_URI_LENGTH = 2000;

    // MLflow's rule: alphanumerics, underscores, dashes, periods, spaces, colons and slashes.
    private static final Pattern VALID_KEY = Pattern.compile("[\\w./\\- :]+", Pattern.UNICODE_CHARACTER_CLASS);

    private TrackingLimits() {
    }

    /** Checks a metric, param or tag key; {@code kind} names it in the error ("metric", "param"...). */
    public static void checkKey(String kind, String key) {
        if (key.isEmpty()) {
            throw CairnException.invalidParameter("Invalid " + kind + " name: the key is empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw CairnException.invalidParameter("Invalid " + kind + " name '" + abbreviate(key)
                    + "': " + key.length() + " characters, at most " + MAX_KEY_LENGTH + " are allowed");
        }
        if (!VALID_KEY.matcher(key).matches()) {
            throw CairnException.invalidParameter("Invalid " + kind + " name '" + key
                    + "': names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/)");
        }
        // A key becomes a file name in some exports: it must be a normalized relative path.
        String normalized = Path.of(key).normalize().toString();
        if (key.startsWith("/") || !normalized.equals(key) || normalized.equals(".") || normalized.startsWith("..")) {
            throw CairnException.invalidParameter("Invalid " + kind + " name '" + key
                    + "': names may not be absolute or contain '..', './' or '//'");
        }
    }

    /** Checks a param: its key and the length of its value. */
    public static void checkParam(Param param) {
        checkKey("param", param.key());
        checkLength("param '" + param.key() + "' value", param.value(), MAX_PARAM_VALUE_LENGTH);
    }

    /** Checks a tag: its key and the length of its value. */
    public static void checkTag(Tag tag) {
        checkKey("tag", tag.key());
        checkLength("tag '" + tag.key() + "' value", tag.value(), MAX_TAG_VALUE_LENGTH);
    }

    /**
     * Checks a string against a maximum length in characters (Unicode code points, as MLflow and
     * PostgreSQL count them, so an emoji is one), naming it in the error.
     */
    public static void checkLength(String what, String value, int maxLength) {
        if (value.length() > maxLength) {
            int characters = value.codePointCount(0, value.length());
            if (characters > maxLength) {
                throw CairnException.invalidParameter("The " + what + " has " + characters
                        + " characters; at most " + maxLength + " are allowed");
            }
        }
    }

    /** Checks a name shown to people: not blank, not too long, and free of control characters such as NUL. */
    public static void checkName(String what, String name, int maxLength) {
        if (name.isBlank()) {
            throw CairnException.invalidParameter("The " + what + " must not be empty");
        }
        checkLength(what, name, maxLength);
        int control = name.codePoints().filter(Character::isISOControl).findFirst().orElse(-1);
        if (control >= 0) {
            throw CairnException.invalidParameter(String.format("The %s must not contain control characters; it contains U+%04X", what, control));
        }
    }

    /** Checks the counts and every entry of a {@code log-batch}. */
    public static void checkBatch(List<Metric> metrics, List<Param> params, List<Tag> tags) {
        if (metrics.size() > MAX_BATCH_METRICS) {
            throw CairnException.invalidParameter("A batch may hold at most " + MAX_BATCH_METRICS
                    + " metrics; this one has " + metrics.size());
        }
        if (params.size() > MAX_BATCH_PARAMS) {
            throw CairnException.invalidParameter("A batch may hold at most " + MAX_BATCH_PARAMS
                    + " params; this one has " + params.size());
        }
        if (tags.size() > MAX_BATCH_TAGS) {
            throw CairnException.invalidParameter("A batch may hold at most " + MAX_BATCH_TAGS
                    + " tags; this one has " + tags.size());
        }
        int total = metrics.size() + params.size() + tags.size();
        if (total > MAX_BATCH_ENTRIES) {
            throw CairnException.invalidParameter("A batch may hold at most " + MAX_BATCH_ENTRIES
                    + " metrics, params and tags together; this one has " + total);
        }
        for (Metric metric : metrics) {
            checkKey("metric", metric.key());
        }
        for (int i = 0; i < params.size(); i++) {
            checkParam(params.get(i));
            for (int j = 0; j < i; j++) {
                Param earlier = params.get(j);
                if (earlier.key().equals(params.get(i).key()) && !earlier.value().equals(params.get(i).value())) {
                    throw CairnException.invalidParameter("The batch logs param '" + earlier.key()
                            + "' twice with different values ('" + abbreviate(earlier.value()) + "' and '"
                            + abbreviate(params.get(i).value()) + "')");
                }
            }
        }
        for (Tag tag : tags) {
            checkTag(tag);
        }
    }

    /** Checks a page size against a search's limit. */
    public static void checkMaxResults(int maxResults, int limit) {
        if (maxResults < 1 || maxResults > limit) {
            throw CairnException.invalidParameter("max_results must be between 1 and " + limit + "; got " + maxResults);
        }
    }

    /** A long value cut to its first 57 characters and "...", for error messages. */
    public static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 57) + "...";
    }
}
