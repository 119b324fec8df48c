package dev.tuber.machine.qdev;

import dev.tuber.isa.spi.BoardException;

/**
 * A bus with a fixed number of numbered slots, each holding at most one device: a virtio-mmio
 * transport's virtio bus (one slot), a PCI bus (32 slots, when PCI comes). {@code addr=N} (decimal
 * or {@code 0x} hexadecimal) picks a slot; otherwise the lowest free one is used.
 */
public class SlotBus extends Bus {
    private final Device[] slots;

    public SlotBus(String name, BusType type, Device owner, int slotCount) {
        super(name, type, owner);
        if (slotCount <= 0) {
            throw new IllegalArgumentException("slot count " + slotCount);
        }
        this.slots = new Device[slotCount];
    }

    public int slotCount() {
        return slots.length;
    }

    /** The device in {@code slot}, or null. */
    public synchronized Device slot(int slot) {
        return slots[slot];
    }

    @Override
    public synchronized boolean hasRoom() {
        for (Device d : slots) {
            if (d == null) {
                return true;
            }
        }
        return false;
    }

    /** Parses a slot number; subclasses with structured addresses ({@code slot.fn}) override. */
    protected int parseSlot(String addr) {
        try {
            String t = addr.trim();
            return t.startsWith("0x") || t.startsWith("0X") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new BoardException("'" + addr + "' is not a slot number of bus '" + name() + "'");
        }
    }

    @Override
    protected synchronized long place(Device child, String addr) {
        if (addr == null) {
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] == null) {
                    slots[i] = child;
                    return i;
                }
            }
            throw new BoardException("Bus '" + name() + "' is full");
        }
        int slot = parseSlot(addr);
        if (slot < 0 || slot >= slots.length) {
            throw new BoardException("slot " + addr + " is out of range for bus '" + name() + "' (0.." + (slots.length - 1) + ")");
        }
        if (slots[slot] != null) {
            throw new BoardException("slot " + addr + " of bus '" + name() + "' is in use by " + slots[slot].describe());
        }
        slots[slot] = child;
        return slot;
    }

    @Override
    synchronized void detach(Device child) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == child) {
                slots[i] = null;
            }
        }
        super.detach(child);
    }
}
