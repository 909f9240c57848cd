/** Deployments as the metadata store keeps them: their specs, state, events, prediction-log segments and labels. */
package dev.cairn.core.deployment;
