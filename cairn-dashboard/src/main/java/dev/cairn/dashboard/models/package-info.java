/** Registered models, their versions (status, aliases, signature, lineage) and downloads. */
package dev.cairn.dashboard.models;
