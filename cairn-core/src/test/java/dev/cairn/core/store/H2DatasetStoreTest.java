package dev.cairn.core.store;

/** The dataset store contract on the embedded H2 database. */
class H2DatasetStoreTest extends DatasetStoreContractTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
