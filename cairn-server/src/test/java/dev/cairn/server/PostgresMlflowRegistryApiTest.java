package dev.cairn.server;

import dev.cairn.core.store.TestDatabase;

/** The MLflow registry API over HTTP on PostgreSQL. */
class PostgresMlflowRegistryApiTest extends MlflowRegistryApiTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
