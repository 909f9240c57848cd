package dev.cairn.core.store;

/** The dataset store contract on PostgreSQL. */
class PostgresDatasetStoreTest extends DatasetStoreContractTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
