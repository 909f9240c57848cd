/**
 * The model registry as MLflow defines it: registered models, versions with their lineage and
 * registration status, tags, aliases and legacy stages; and the registration that validates a
 * version before it is READY.
 */
package dev.cairn.core.registry;
