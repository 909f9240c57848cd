/** The native deployments API: create, change, watch and delete deployments; labels and prediction exports. */
package dev.cairn.server.deployments;
