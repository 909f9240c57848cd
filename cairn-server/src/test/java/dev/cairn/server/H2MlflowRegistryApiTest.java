package dev.cairn.server;

import dev.cairn.core.store.TestDatabase;

/** The MLflow registry API over HTTP on the embedded H2 database. */
class H2MlflowRegistryApiTest extends MlflowRegistryApiTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
