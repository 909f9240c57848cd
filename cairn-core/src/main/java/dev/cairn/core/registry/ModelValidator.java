package dev.cairn.core.registry;

/**
 * Checks a new version's files before it is marked READY: that they exist and, for a Cairn model
 * package, that its runtime loads it and scores its input example.
 */
@FunctionalInterface
public interface ModelValidator {
    /** The outcome of checking a version's files; a bad model is an outcome, not an exception. */
    RegistrationOutcome validate(ModelVersion version);
}
