package dev.cairn.core.registry;

import dev.cairn.core.error.CairnException;

import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/** A movable name ({@code champion}, {@code challenger}, ...) that points at one version of a model. */
public record ModelAlias(String alias, int version) {
    private static final Pattern VALID = Pattern.compile("[\\w-]{1,255}");
    private static final Pattern VERSION_LIKE = Pattern.compile("[vV]\\d+");

    public ModelAlias {
        checkName(requireNonNull(alias, "alias is null"));
        if (version < 1) {
            throw CairnException.invalidParameter("An alias must point at a version >= 1");
        }
    }

    /** Checks an alias name against MLflow's rules. */
    public static void checkName(String alias) {
        if (!VALID.matcher(alias).matches()) {
            throw CairnException.invalidParameter("Invalid alias '" + alias
                    + "': use 1 to 255 letters, digits, '_' or '-'");
        }
        if (alias.equalsIgnoreCase("latest") || VERSION_LIKE.matcher(alias).matches()) {
            throw CairnException.invalidParameter("Invalid alias '" + alias
                    + "': 'latest' and version-like names such as 'v1' are reserved");
        }
    }
}
