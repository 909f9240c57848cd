/** How the registry proves a model package loads and answers before a version is READY. */
package dev.cairn.model.registry;
