package dev.cairn.core.store;

/** The tracking store contract on the embedded H2 database. */
class H2TrackingStoreTest extends TrackingStoreContractTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
