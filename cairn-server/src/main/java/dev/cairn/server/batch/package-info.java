/** The batch jobs API: score a logged file with a registered version inside the server, and fetch the output. */
package dev.cairn.server.batch;
