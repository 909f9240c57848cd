package dev.cairn.serve.repository;

import dev.cairn.core.error.CairnException;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Which version of a registered model is meant: a number, an alias, or the newest READY one. */
public sealed interface VersionSelector {
    /** A fixed version number. */
    record Number(int version) implements VersionSelector {
        public Number {
            if (version < 1) {
                throw CairnException.invalidParameter("A model version is a number from 1; got " + version);
            }
        }

        @Override
        public String toString() {
            return "version " + version;
        }
    }

    /** Whatever version an alias points at, now and after it moves. */
    record Alias(String alias) implements VersionSelector {
        public Alias {
            requireNonNull(alias, "alias is null");
            if (alias.isBlank()) {
                throw CairnException.invalidParameter("An alias must not be blank");
            }
        }

        @Override
        public String toString() {
            return "alias @" + alias;
        }
    }

    /** The newest READY version (MLflow's {@code models:/name/latest}). */
    record Latest() implements VersionSelector {
        @Override
        public String toString() {
            return "the latest READY version";
        }
    }

    /** A selector from a version number or an alias, at most one of them given; neither means the latest. */
    static VersionSelector of(Optional<Integer> version, Optional<String> alias) {
        if (version.isPresent() && alias.isPresent()) {
            throw CairnException.invalidParameter("Give a version or an alias, not both");
        }
        if (version.isPresent()) {
            return new Number(version.get());
        }
        return alias.<VersionSelector>map(Alias::new).orElseGet(Latest::new);
    }
}
