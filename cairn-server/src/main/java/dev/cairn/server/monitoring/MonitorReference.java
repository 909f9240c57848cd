package dev.cairn.server.monitoring;

import dev.cairn.core.error.CairnException;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The dataset version a deployment's windows are compared with.
 *
 * @param dataset the registered dataset's name
 * @param version its version
 */
public record MonitorReference(String dataset, int version) {
    /** How a training run names the dataset it read ({@code cairn-dataset:/<name>/<version>}). */
    static final String SOURCE_PREFIX = "cairn-dataset:/";

    public MonitorReference {
        requireNonNull(dataset, "dataset is null");
        if (version < 1) {
            throw CairnException.invalidParameter("A dataset version is 1 or more; got " + version);
        }
    }

    /** The reference a dataset input's source names, as {@code cairn-dataset:/flights/3}. */
    static Optional<MonitorReference> fromSource(String source) {
        if (!source.startsWith(SOURCE_PREFIX)) {
            return Optional.empty();
        }
        String path = source.substring(SOURCE_PREFIX.length());
        int slash = path.lastIndexOf('/');
        if (slash < 1 || !path.substring(slash + 1).matches("[1-9][0-9]{0,8}")) {
            return Optional.empty();
        }
        return Optional.of(new MonitorReference(path.substring(0, slash), Integer.parseInt(path.substring(slash + 1))));
    }

    @Override
    public String toString() {
        return dataset + "@" + version;
    }
}
