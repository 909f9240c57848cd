package dev.cairn.core.store;

/** The registry store contract on PostgreSQL. */
class PostgresRegistryStoreTest extends RegistryStoreContractTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
