/** HTTP plumbing shared by every API: request fields, JSON, error responses, request metrics. */
package dev.cairn.server.http;
