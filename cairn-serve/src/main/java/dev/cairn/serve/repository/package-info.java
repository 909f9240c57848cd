/** The model repository: turns a registered model's name and version or alias into a loaded, verified model. */
package dev.cairn.serve.repository;
