package dev.cairn.core.store;

/** The tracking store contract on PostgreSQL. */
class PostgresTrackingStoreTest extends TrackingStoreContractTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
