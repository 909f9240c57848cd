package dev.cairn.core.store;

/**
 * What makes a committed transaction durable before the caller acknowledges it. PostgreSQL is
 * durable on commit; H2 needs {@link H2CommitBarrier}.
 */
interface CommitBarrier {
    /** The barrier of a database that is durable on commit. */
    CommitBarrier NONE = () -> { };

    /** Returns once every transaction committed so far is on disk (in the file, at least). */
    void awaitDurable();
}
