package dev.tuber.isa.spi;

/**
 * The state a hart leaves reset with: its program counter and argument registers, as QEMU's reset
 * vector hands them to firmware ({@code a0} = hart id, {@code a1} = device tree, {@code a2} =
 * fw_dynamic info).
 */
public record HartReset(long pc, long a0, long a1, long a2) {
}
