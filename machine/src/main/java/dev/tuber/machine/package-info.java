/**
 * The machine layer: {@link dev.tuber.machine.Machine} holds what a board is made of; the
 * subpackages hold the parts (memory, devices, back ends, loaders, device trees, boards).
 */
package dev.tuber.machine;
