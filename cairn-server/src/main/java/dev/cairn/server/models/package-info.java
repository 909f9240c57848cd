/** Cairn's native model endpoints ({@code /api/v1}): whole packages as archives. */
package dev.cairn.server.models;
