package dev.cairn.core.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

import java.nio.file.Path;

/**
 * The base of every store contract test: a fresh metadata store for each test, on the kind of
 * database the parameterized class gives (SQLite and PostgreSQL), closed (and its PostgreSQL schema dropped) afterwards.
 */
abstract class StoreContract {
    @TempDir
    Path folder;

    private TestDatabase database;
    MetadataStore metadata;

    @Parameter
    TestDatabase.Kind kind;

    @BeforeEach
    void openMetadataStore() {
        database = TestDatabase.create(kind, folder);
        metadata = MetadataStore.open(database.storeConfig());
    }

    @AfterEach
    void closeMetadataStore() {
        if (metadata != null) {
            metadata.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
