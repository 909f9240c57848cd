package dev.cairn.serve.deployment;

import dev.cairn.core.error.CairnException;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** How a deployment shares its traffic between its arms. */
public sealed interface TrafficPolicy {
    /** The policy's name in the API. */
    String kind();

    /** Every request goes to the one {@code stable} arm. */
    record Single() implements TrafficPolicy {
        @Override
        public String kind() {
            return "single";
        }
    }

    /**
     * A share of requests goes to the {@code canary} arm, the rest to {@code stable}; with a
     * rollback rule, a canary that fails it gets its traffic taken back.
     */
    record Canary(double percent, Optional<RollbackRule> rollback) implements TrafficPolicy {
        public Canary {
            requireNonNull(rollback, "rollback is null");
            if (!(percent >= 0 && percent <= 100)) {
                throw CairnException.invalidParameter("A canary's percent is between 0 and 100; got " + percent);
            }
        }

        @Override
        public String kind() {
            return "canary";
        }
    }

    /** Every request goes to {@code stable}; a copy goes to {@code shadow}, whose answers are logged, never returned. */
    record Shadow() implements TrafficPolicy {
        @Override
        public String kind() {
            return "shadow";
        }
    }

    /**
     * Requests are split between the arms by weight. With a sticky key (a request header, or a
     * field of the request's {@code parameters}), the same key always reaches the same arm.
     */
    record Split(Optional<String> stickyKey) implements TrafficPolicy {
        public Split {
            requireNonNull(stickyKey, "stickyKey is null");
            if (stickyKey.isPresent() && !stickyKey.get().matches("[A-Za-z0-9_.-]{1,128}")) {
                throw CairnException.invalidParameter("sticky_key names a request header or parameter: 1 to 128 letters, digits, '_', '.' or '-'");
            }
        }

        @Override
        public String kind() {
            return "ab";
        }
    }
}
