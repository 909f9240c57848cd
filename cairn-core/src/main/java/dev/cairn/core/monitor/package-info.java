/** Monitoring as the metadata store keeps it: each monitored window's results, and the KPIs applications post. */
package dev.cairn.core.monitor;
