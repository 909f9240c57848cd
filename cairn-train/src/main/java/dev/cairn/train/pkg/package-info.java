/** Writing trained Tribuo models as Cairn model packages: ONNX where Tribuo can export, Tribuo's format otherwise. */
package dev.cairn.train.pkg;
