package dev.cairn.serve.repository;

import dev.cairn.core.registry.ModelFile;
import dev.cairn.core.registry.ModelVersion;

import java.io.InputStream;
import java.util.List;

/** Where the repository finds registered versions and their files: the server's stores, or a remote server. */
public interface ModelSource {
    /** The version a selector means now; it must be READY. */
    ModelVersion resolve(String model, VersionSelector selector);

    /** The manifest of a READY version: its files with their sizes and digests. */
    List<ModelFile> files(ModelVersion version);

    /** Opens one file of a version's manifest; the caller closes the stream. */
    InputStream open(ModelVersion version, ModelFile file);
}
