/** Deployments: state, traffic per version, live request rate, latency and errors, recent predictions, events. */
package dev.cairn.dashboard.deployments;
