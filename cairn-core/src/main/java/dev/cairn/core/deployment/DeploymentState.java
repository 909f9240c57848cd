package dev.cairn.core.deployment;

import java.util.Locale;

/** Where a deployment is in its life. */
public enum DeploymentState {
    /** Its versions are being fetched, loaded and warmed; it takes no traffic yet. */
    STARTING,
    /** It answers requests. */
    READY,
    /** Its versions could not be loaded; the state message says why. */
    FAILED;

    /** The lower-case name used in the API. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
