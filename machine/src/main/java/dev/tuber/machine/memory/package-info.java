/**
 * The physical address space ({@link dev.tuber.machine.memory.AddressSpace}, the harts' {@code
 * PhysicalBus}), RAM and ROM banks in off-heap host memory ({@link
 * dev.tuber.machine.memory.MemoryBlock}), device register windows ({@link
 * dev.tuber.machine.memory.MmioRegion}), and the DMA view devices use ({@link
 * dev.tuber.machine.memory.GuestMemory}).
 */
package dev.tuber.machine.memory;
