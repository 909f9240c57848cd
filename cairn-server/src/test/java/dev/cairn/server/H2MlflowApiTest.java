package dev.cairn.server;

import dev.cairn.core.store.TestDatabase;

/** The MLflow API over HTTP on the embedded H2 database. */
class H2MlflowApiTest extends MlflowApiTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
