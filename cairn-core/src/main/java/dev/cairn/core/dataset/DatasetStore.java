package dev.cairn.core.dataset;

import java.util.List;
import java.util.Optional;

/** Registered datasets and their versions. Every method is one transaction. */
public interface DatasetStore {
    /**
     * Registers a version. Registering content (a digest) the dataset already has returns that
     * version unchanged; otherwise the next number is taken, and concurrent calls never get the
     * same one.
     */
    DatasetRegistration register(NewDatasetVersion version);

    /** One version of a dataset. */
    DatasetVersion get(String name, int version);

    /** The newest version of a dataset. */
    DatasetVersion latest(String name);

    /** The version of a dataset with this content, if it has one. */
    Optional<DatasetVersion> findByDigest(String name, String digest);

    /** All versions of a dataset, newest first. */
    List<DatasetVersion> versions(String name);

    /** Every registered dataset, by name. */
    List<DatasetSummary> list();

    /** Records the split of a version, replacing the one recorded before. */
    DatasetVersion recordSplit(String name, int version, List<DatasetPart> parts);
}
