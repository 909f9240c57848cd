package dev.cairn.core.registry;

import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.Tag;

import java.util.List;

/**
 * Registered models, their versions, tags and aliases, with MLflow's registry semantics. Every
 * method is one transaction.
 */
public interface RegistryStore {
    /** Creates a registered model; the name must be free. */
    RegisteredModel createRegisteredModel(String name, String description, List<Tag> tags);

    /** The registered model with its tags, aliases and latest version per stage. */
    RegisteredModel getRegisteredModel(String name);

    /** Renames a registered model; its versions and aliases follow. */
    RegisteredModel renameRegisteredModel(String name, String newName);

    /** Replaces a registered model's description. */
    RegisteredModel updateRegisteredModel(String name, String description);

    /** Deletes a registered model with all its versions, tags and aliases. */
    void deleteRegisteredModel(String name);

    /** Registered models matching a search, one page at a time. */
    Page<RegisteredModel> searchRegisteredModels(RegistrySearch search);

    /** Sets or overwrites a tag of a registered model. */
    void setRegisteredModelTag(String name, Tag tag);

    /** Removes a tag of a registered model. */
    void deleteRegisteredModelTag(String name, String key);

    /**
     * Creates the next version of a model (1 for the first), in status PENDING_REGISTRATION.
     * Concurrent calls never get the same number.
     */
    ModelVersion createModelVersion(NewModelVersion version);

    /**
     * Records the outcome of a version's registration: READY or FAILED_REGISTRATION, with a
     * message, and for a READY version the manifest of its files.
     */
    ModelVersion finishRegistration(String name, int version, RegistrationOutcome outcome);

    /**
     * The manifest recorded when a version became READY: every file with its size and sha256,
     * sorted by path; empty for versions that failed, are pending, or were registered before
     * manifests were recorded.
     */
    List<ModelFile> files(String name, int version);

    /** One version of a model. */
    ModelVersion getModelVersion(String name, int version);

    /** The version an alias points at. */
    ModelVersion getModelVersionByAlias(String name, String alias);

    /** Replaces a version's description. */
    ModelVersion updateModelVersion(String name, int version, String description);

    /** Deletes a version with its tags and the aliases pointing at it. */
    void deleteModelVersion(String name, int version);

    /** Versions matching a search, one page at a time. */
    Page<ModelVersion> searchModelVersions(RegistrySearch search);

    /** Sets or overwrites a tag of a version. */
    void setModelVersionTag(String name, int version, Tag tag);

    /** Removes a tag of a version. */
    void deleteModelVersionTag(String name, int version, String key);

    /** Points an alias at a version, moving it if it pointed elsewhere. */
    void setAlias(String name, String alias, int version);

    /** Removes an alias. */
    void deleteAlias(String name, String alias);

    /** MLflow's legacy stage transition; optionally archives the other versions in the target stage. */
    ModelVersion transitionStage(String name, int version, Stage stage, boolean archiveExisting);

    /** The newest version in each of the given stages (all stages if none is given). */
    List<ModelVersion> getLatestVersions(String name, List<Stage> stages);

    /** Versions whose registration never finished (the server stopped mid-way), oldest first. */
    List<ModelVersion> pendingVersions();

}
