/**
 * Character back ends ({@code -chardev}, {@code -serial}): stdio (with QEMU's Ctrl-A multiplexer
 * escapes), null and file, behind {@link dev.tuber.machine.chardev.Chardev}; devices receive input
 * through {@link dev.tuber.machine.chardev.CharFrontend} with QEMU's flow control.
 */
package dev.tuber.machine.chardev;
