package dev.cairn.core.pipeline;

import dev.cairn.core.error.CairnException;

import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/** What a caller gives to store a pipeline; the spec has been checked by the caller. */
public record NewPipeline(String name, String spec, String folder, ConcurrencyPolicy concurrency, boolean watch) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final int MAX_SPEC = 256 * 1024;

    public NewPipeline {
        requireNonNull(name, "name is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(folder, "folder is null");
        requireNonNull(concurrency, "concurrency is null");
        checkName(name);
        if (spec.length() > MAX_SPEC) {
            throw CairnException.invalidParameter("A pipeline spec may have at most " + MAX_SPEC + " characters, not " + spec.length());
        }
    }

    /** Refuses a name that is not a pipeline name (it also names a folder: no separators, no leading dot). */
    public static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw CairnException.invalidParameter("Pipeline name '" + shortened(name)
                    + "' is not valid: use 1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        return name;
    }

    private static String shortened(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
