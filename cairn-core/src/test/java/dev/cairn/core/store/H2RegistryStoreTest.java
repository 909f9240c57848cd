package dev.cairn.core.store;

/** The registry store contract on the embedded H2 database. */
class H2RegistryStoreTest extends RegistryStoreContractTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
