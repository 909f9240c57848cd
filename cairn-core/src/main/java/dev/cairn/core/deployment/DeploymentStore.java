package dev.cairn.core.deployment;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Deployments, their events, the index of their prediction-log segments and their labels. Every
 * method is one transaction; deleting a deployment deletes everything of it.
 */
public interface DeploymentStore {
    /** Creates a deployment in state STARTING; the name must be free. */
    Deployment create(String name, String spec);

    /** A deployment by name. */
    Deployment get(String name);

    /** Every deployment, by name. */
    List<Deployment> list();

    /** Replaces a deployment's spec: it goes back to STARTING and its revision moves on. */
    Deployment updateSpec(String name, String spec);

    /**
     * Records what a host made of the deployment at a revision. A report for an older revision
     * than the stored one is ignored (a newer spec is already being rolled out) and returns false.
     */
    boolean reportState(String name, long revision, DeploymentState state, String message, String serving);

    /** Deletes a deployment with its events, segments index and labels. */
    void delete(String name);

    /** Records an event. */
    void addEvent(String name, String kind, String message);

    /** The newest events of a deployment, newest first. */
    List<DeploymentEvent> events(String name, int limit);

    /** Indexes a closed prediction-log segment. */
    void addSegment(PredictionSegment segment);

    /** The segments holding predictions between two times (epoch ms, inclusive), oldest first. */
    List<PredictionSegment> segments(String name, long from, long to);

    /** Attaches (or replaces) labels; returns how many were written. */
    int putLabels(String name, Collection<PredictionLabel> labels);

    /** The labels of the given prediction ids that have one. */
    Map<String, String> labels(String name, Collection<String> predictionIds);
}
