/** Monitoring in the server: windows of deployments' prediction logs compared with their references, and posted KPIs. */
package dev.cairn.server.monitoring;
