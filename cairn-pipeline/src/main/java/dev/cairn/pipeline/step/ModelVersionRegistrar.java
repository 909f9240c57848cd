package dev.cairn.pipeline.step;

import dev.cairn.model.pkg.ModelPackage;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Registers model packages as model versions, and fetches the package of an aliased version (a
 * gate's champion): what the built-in steps need from the model registry. A registered version is
 * checked as every registration is (the package loads and scores its input example) and is READY
 * when returned; a version that fails the check is an error. Implemented over the stores
 * in-process and over the REST API by the command line.
 */
public interface ModelVersionRegistrar {
    /**
     * Registers the package in {@code folder} (whose content digest is {@code digest}) as a new
     * version of the model {@code name}, created if needed, and points {@code alias} at it.
     */
    ModelVersionOutput register(String name, Path folder, String digest, Optional<String> alias);

    /**
     * The package of the version {@code alias} of model {@code name} points at, fetched (and
     * verified) under {@code cacheFolder}; empty if the model or the alias does not exist.
     */
    Optional<ModelPackage> aliased(String name, String alias, Path cacheFolder);
}
