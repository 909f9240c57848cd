/** The Cairn server: wires the stores into the HTTP APIs and runs them on Javalin. */
package dev.cairn.server;
