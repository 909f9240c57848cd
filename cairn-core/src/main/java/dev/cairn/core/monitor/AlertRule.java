package dev.cairn.core.monitor;

import dev.cairn.core.error.CairnException;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * When to raise an alert about a deployment, and what to do then: every alert goes to the server
 * log and the alert history; a webhook gets it as a JSON POST; a pipeline (a retraining) is
 * requested when it fires.
 *
 * @param deployment the watched deployment
 * @param name the rule's name, unique per deployment
 * @param condition what it watches in each monitored window
 * @param threshold the drift share or the number of violations, for the conditions that take one
 * @param severity {@code info}, {@code warning} or {@code critical}
 * @param webhook where to POST the alert, if anywhere
 * @param pipeline the stored pipeline to run when the alert fires, if any
 */
public record AlertRule(String deployment, String name, AlertCondition condition, double threshold, String severity, Optional<URI> webhook,
                        Optional<String> pipeline) {
    /** The longest rule name. */
    public static final int MAX_NAME_LENGTH = 128;

    public AlertRule {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(name, "name is null");
        requireNonNull(condition, "condition is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(webhook, "webhook is null");
        requireNonNull(pipeline, "pipeline is null");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_NAME_LENGTH - 1) + "}")) {
            throw CairnException.invalidParameter("An alert rule's name has 1 to " + MAX_NAME_LENGTH
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (!severity.equals("info") && !severity.equals("warning") && !severity.equals("critical")) {
            throw CairnException.invalidParameter("An alert's severity is info, warning or critical; got '"
                    + (severity.length() > 20 ? severity.substring(0, 20) + "..." : severity) + "'");
        }
        if (!Double.isFinite(threshold) || threshold < 0 || (condition == AlertCondition.DRIFT_SHARE && threshold > 1)) {
            throw CairnException.invalidParameter("The threshold of rule '" + name + "' must be " + (condition == AlertCondition.DRIFT_SHARE
                    ? "a share between 0 and 1" : "a number >= 0") + "; got " + threshold);
        }
        webhook.ifPresent(AlertRule::checkWebhook);
    }

    private static void checkWebhook(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.toString().length() > 2000) {
            throw CairnException.invalidParameter("A webhook is an absolute http or https URL of at most 2000 characters");
        }
        // Link-local addresses are where clouds serve instance credentials; no receiver of alerts lives there.
        if (uri.getHost().startsWith("169.254.") || uri.getHost().equalsIgnoreCase("metadata.google.internal")
                || uri.getHost().toLowerCase(Locale.ROOT).startsWith("[fe80:")) {
            throw CairnException.invalidParameter("A webhook may not point at a link-local address (" + uri.getHost() + ")");
        }
    }
}
