package dev.tuber.machine.qdev;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.tuber.isa.spi.BoardException;

/**
 * A bus devices plug into (QEMU's {@code BusState}): the system bus, a virtio-mmio transport's
 * virtio bus, a PCI bus. A bus has a name users can give with {@code bus=NAME}, a {@link BusType}
 * that device types refer to, an owner (the device that provides it; none for the system bus),
 * and a policy for addresses on it: {@code addr=N} asks for one, otherwise the bus picks the first
 * free one.
 */
public abstract class Bus {
    private final String name;
    private final BusType type;
    private final Device owner;
    private final List<Device> children = new ArrayList<>();

    protected Bus(String name, BusType type, Device owner) {
        this.name = name;
        this.type = type;
        this.owner = owner;
    }

    public String name() {
        return name;
    }

    public BusType type() {
        return type;
    }

    /** The device that provides this bus, or null for the system bus. */
    public Device owner() {
        return owner;
    }

    /** The devices plugged in, in plugging order. */
    public synchronized List<Device> children() {
        return Collections.unmodifiableList(new ArrayList<>(children));
    }

    /** Whether another device fits (a bus without free slots is skipped by automatic placement). */
    public abstract boolean hasRoom();

    /**
     * Chooses the address of {@code child}: {@code addr} as the user wrote it, or null for the
     * first free one.
     *
     * @throws BoardException if the address is malformed, taken or out of range, or the bus is full
     */
    protected abstract long place(Device child, String addr);

    /** How an address on this bus is written ({@code 3}, {@code 01.0}). */
    public String formatAddress(long address) {
        return Long.toString(address);
    }

    /** Plugs {@code child} in at the address {@link #place} chose. */
    synchronized void attach(Device child, long address) {
        children.add(child);
        child.attached(this, address);
    }

    synchronized void detach(Device child) {
        children.remove(child);
        child.attached(null, -1);
    }

    @Override
    public String toString() {
        return name + " (" + type + ")";
    }
}
