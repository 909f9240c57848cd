/** The {@code tribuo} flavor: Tribuo models saved in Tribuo's protobuf format. */
package dev.cairn.model.tribuo;
