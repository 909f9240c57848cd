package dev.cairn.train.trainer;

import dev.cairn.core.error.CairnException;

import java.util.List;
import java.util.Optional;

/**
 * The class that precision, recall, F1 and AUC are about: the one named, or for two classes the
 * usual positive value ({@code 1}, {@code true}, {@code yes}). Regression and more than two
 * classes have none (the empty text).
 */
public final class PositiveClass {
    private PositiveClass() {
    }

    /** Chooses the positive class among the training target's classes. */
    public static String choose(Task task, List<String> classes, Optional<String> named) {
        if (task != Task.CLASSIFICATION) {
            return "";
        }
        if (named.isPresent()) {
            if (!classes.contains(named.get())) {
                throw CairnException.invalidParameter("positive_class '" + named.get() + "' is not among the target's classes " + classes);
            }
            return named.get();
        }
        for (String usual : List.of("1", "true", "yes")) {
            if (classes.size() == 2 && classes.contains(usual)) {
                return usual;
            }
        }
        if (classes.size() == 2) {
            throw CairnException.invalidParameter("Name the positive_class in the spec, one of " + classes);
        }
        return "";
    }
}
