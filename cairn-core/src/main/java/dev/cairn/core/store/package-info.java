/**
 * The metadata store on JDBC: one SQL implementation, portable between H2 (embedded default) and
 * PostgreSQL (production), with the schema managed by Flyway migrations.
 */
package dev.cairn.core.store;
