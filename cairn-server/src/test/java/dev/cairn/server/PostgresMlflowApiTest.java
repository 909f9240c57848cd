package dev.cairn.server;

import dev.cairn.core.store.TestDatabase;

/** The MLflow API over HTTP on PostgreSQL. */
class PostgresMlflowApiTest extends MlflowApiTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
