/** Deployments: named endpoints bound to model versions, their traffic policies, rollout and rollback. */
package dev.cairn.serve.deployment;
