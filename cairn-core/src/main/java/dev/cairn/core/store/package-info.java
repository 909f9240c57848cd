/**
 * The metadata store on JDBC: one SQL implementation for SQLite (the embedded default) and
 * PostgreSQL (production), their few differences in {@link dev.cairn.core.store.Dialect}, the
 * schema managed by Flyway migrations per dialect, and {@link dev.cairn.core.store.DatabaseCopy}
 * to move a whole database between them (or out of an H2 file of an earlier build).
 */
package dev.cairn.core.store;
