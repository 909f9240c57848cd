package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.error.CairnException;
import picocli.CommandLine.Option;

import java.util.Optional;

/**
 * A challenger next to a deployment's stable version: a canary that takes a share of the
 * requests (and may be rolled back by a rule), or a shadow that scores every request without
 * answering it. Gives the spec's {@code traffic} object.
 */
final class ChallengerOptions {
    @Option(names = "--canary-version", paramLabel = "V", description = "Canary: this version takes --percent of the requests")
    Integer canaryVersion;

    @Option(names = "--canary-alias", paramLabel = "ALIAS", description = "Canary: the version this alias points to (followed when it moves)")
    String canaryAlias;

    @Option(names = "--percent", paramLabel = "P", description = "With a canary: the share of requests it takes, 0 to 100")
    Double percent;

    @Option(names = "--rollback-error-rate", paramLabel = "R",
            description = "With a canary: send all traffic back to stable when the canary's error rate exceeds R (0 to 1)")
    Double rollbackErrorRate;

    @Option(names = "--rollback-p99-ms", paramLabel = "MS",
            description = "With a canary: send all traffic back to stable when the canary's p99 latency exceeds MS")
    Double rollbackP99Millis;

    @Option(names = "--rollback-window-seconds", paramLabel = "S", description = "The window the rollback rule measures (server default: 60)")
    Integer rollbackWindowSeconds;

    @Option(names = "--rollback-min-requests", paramLabel = "N",
            description = "Requests the canary must have had in the window before the rule applies (server default: 50)")
    Integer rollbackMinRequests;

    @Option(names = "--shadow-version", paramLabel = "V", description = "Shadow: this version scores every request; its answers are logged, never returned")
    Integer shadowVersion;

    @Option(names = "--shadow-alias", paramLabel = "ALIAS", description = "Shadow: the version this alias points to")
    String shadowAlias;

    /** Whether any challenger option was given. */
    boolean given() {
        return canary() || shadow() || percent != null || rollbackRuleGiven();
    }

    /** The {@code traffic} of a canary or shadow policy, or empty when no challenger is given. */
    Optional<ObjectNode> traffic() {
        if (canaryVersion != null && canaryAlias != null || shadowVersion != null && shadowAlias != null) {
            throw CairnException.invalidParameter("Give a challenger's version or its alias, not both");
        }
        if (canary() && shadow()) {
            throw CairnException.invalidParameter("A deployment has a canary or a shadow, not both");
        }
        if (!canary() && (percent != null || rollbackRuleGiven())) {
            throw CairnException.invalidParameter("--percent and --rollback-* options go with --canary-version or --canary-alias");
        }
        if (canary()) {
            if (percent == null) {
                throw CairnException.invalidParameter("A canary needs --percent: the share of requests it takes (0 to 100)");
            }
            ObjectNode traffic = selector(CairnClient.JSON.createObjectNode().put("policy", "canary"), canaryVersion, canaryAlias)
                    .put("percent", percent);
            if (rollbackRuleGiven()) {
                ObjectNode rule = traffic.putObject("rollback");
                Optional.ofNullable(rollbackErrorRate).ifPresent(rate -> rule.put("max_error_rate", rate));
                Optional.ofNullable(rollbackP99Millis).ifPresent(p99 -> rule.put("max_p99_ms", p99));
                Optional.ofNullable(rollbackWindowSeconds).ifPresent(seconds -> rule.put("window_seconds", seconds));
                Optional.ofNullable(rollbackMinRequests).ifPresent(requests -> rule.put("min_requests", requests));
            }
            return Optional.of(traffic);
        }
        if (shadow()) {
            return Optional.of(selector(CairnClient.JSON.createObjectNode().put("policy", "shadow"), shadowVersion, shadowAlias));
        }
        return Optional.empty();
    }

    /** Sets {@code version} or {@code alias} on a spec object, whichever is given. */
    static ObjectNode selector(ObjectNode node, Integer version, String alias) {
        if (version != null) {
            node.put("version", version);
        } else if (alias != null) {
            node.put("alias", alias);
        }
        return node;
    }

    private boolean canary() {
        return canaryVersion != null || canaryAlias != null;
    }

    private boolean shadow() {
        return shadowVersion != null || shadowAlias != null;
    }

    private boolean rollbackRuleGiven() {
        return rollbackErrorRate != null || rollbackP99Millis != null || rollbackWindowSeconds != null || rollbackMinRequests != null;
    }
}
