/**
 * Loading guest images as QEMU's {@code hw/riscv/boot.c} does: ELF by physical address, raw
 * binaries and Linux {@code Image}s, the boot ROM with its reset vector and OpenSBI fw_dynamic
 * information, all collected in a {@link dev.tuber.machine.loader.RomSet} that checks placement and
 * reloads images at every system reset.
 */
package dev.tuber.machine.loader;
