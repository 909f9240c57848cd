/**
 * Cairn's web dashboard: server-side pages over the stores, rendered from jte templates compiled
 * at build time, with htmx for partial updates and ECharts for charts, both from WebJars.
 * {@link dev.cairn.dashboard.Dashboard} registers every page; each concept has its own package.
 */
package dev.cairn.dashboard;
