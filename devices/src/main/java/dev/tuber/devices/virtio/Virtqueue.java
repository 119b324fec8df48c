package dev.tuber.devices.virtio;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

import dev.tuber.machine.memory.GuestMemory;
import dev.tuber.machine.memory.GuestMemoryException;

/**
 * The device side of a split virtqueue (VirtIO 1.2 section 2.7): its configuration as the driver
 * set it through the transport, and the walk of the available ring, descriptor chains (direct and
 * indirect) and the used ring.
 *
 * <pre>
 * Descriptor Area (2.7.5)  size x { le64 addr; le32 len; le16 flags; le16 next; }
 * Driver Area (2.7.6)      le16 flags; le16 idx; le16 ring[size]; le16 used_event;
 * Device Area (2.7.8)      le16 flags; le16 idx; { le32 id; le32 len; } ring[size]; le16 avail_event;
 * </pre>
 *
 * Nothing the driver wrote is trusted: every index is range-checked, every buffer must lie in guest
 * RAM, chains are bounded (a loop ends as an error, never a hang), an indirect table must be
 * well-formed and is not nested, and device-readable descriptors must come before device-writable
 * ones. A violation throws {@link VirtqueueException}; the transport then marks the device as
 * needing a reset.
 *
 * <p>Not thread-safe: the transport serialises calls.
 */
public final class Virtqueue {
    /** The most descriptors an indirect table may hold (QEMU's VIRTQUEUE_MAX_SIZE). */
    public static final int MAX_INDIRECT = 1024;
    /** The most bytes one chain may describe: 4 GiB - 1, so that lengths fit a used element's le32. */
    public static final long MAX_CHAIN_BYTES = 0xFFFF_FFFFL;

    private final int index;
    private final int maxSize;
    private final GuestMemory memory;

    // configuration (2.6, 4.2.2)
    private int size;
    private boolean ready;
    private long descAddress;
    private long driverAddress;
    private long deviceAddress;
    private boolean indirectAllowed;

    // progress
    private int lastAvail;
    private int usedIdx;
    private boolean pendingNotification;

    /**
     * @param index the queue's number on its device
     * @param maxSize the largest size the device supports (QueueNumMax)
     */
    public Virtqueue(int index, int maxSize, GuestMemory memory) {
        if (maxSize < 1 || maxSize > Virtio.MAX_QUEUE_SIZE) {
            throw new IllegalArgumentException("queue size " + maxSize);
        }
        this.index = index;
        this.maxSize = maxSize;
        this.memory = memory;
        reset();
    }

    /** Back to the state after a device or queue reset (2.6.1): not ready, maximal size, no addresses. */
    public void reset() {
        size = maxSize;
        ready = false;
        descAddress = 0;
        driverAddress = 0;
        deviceAddress = 0;
        lastAvail = 0;
        usedIdx = 0;
        pendingNotification = false;
    }

    public int index() {
        return index;
    }

    public int maxSize() {
        return maxSize;
    }

    public int size() {
        return size;
    }

    public boolean isReady() {
        return ready;
    }

    public long descAddress() {
        return descAddress;
    }

    public long driverAddress() {
        return driverAddress;
    }

    public long deviceAddress() {
        return deviceAddress;
    }

    /** QueueNum (ignored while the queue is ready, as the driver must not change it then). */
    public void setSize(int value) {
        if (!ready) {
            size = value;
        }
    }

    /** QueueDesc{Low,High}. */
    public void setDescAddress(long value) {
        if (!ready) {
            descAddress = value;
        }
    }

    /** QueueDriver{Low,High}. */
    public void setDriverAddress(long value) {
        if (!ready) {
            driverAddress = value;
        }
    }

    /** QueueDevice{Low,High}. */
    public void setDeviceAddress(long value) {
        if (!ready) {
            deviceAddress = value;
        }
    }

    /**
     * QueueReady: enabling checks the configuration (size a power of two no larger than
     * QueueNumMax, areas aligned as 2.7 requires and inside guest RAM).
     *
     * @param indirect whether VIRTIO_F_INDIRECT_DESC was negotiated
     * @throws VirtqueueException if the configuration is unusable
     */
    public void setReady(boolean value, boolean indirect) {
        if (!value) {
            ready = false;
            return;
        }
        if (size < 1 || size > maxSize || Integer.bitCount(size) != 1) {
            throw new VirtqueueException("queue " + index + ": size " + size + " is not a power of two in 1.." + maxSize);
        }
        checkArea("descriptor table", descAddress, 16, (long) Virtio.DESC_SIZE * size, false);
        checkArea("available ring", driverAddress, 2, 6 + 2L * size, false);
        checkArea("used ring", deviceAddress, 4, 6 + 8L * size, true);
        indirectAllowed = indirect;
        ready = true;
    }

    private void checkArea(String what, long address, int alignment, long length, boolean write) {
        if ((address & (alignment - 1)) != 0) {
            throw new VirtqueueException(String.format("queue %d: %s at 0x%x is not %d-byte aligned", index, what, address, alignment));
        }
        if (!memory.isMemory(address, length, write)) {
            throw new VirtqueueException(String.format("queue %d: %s [0x%x, +0x%x) is not in guest RAM", index, what, address, length));
        }
    }

    /** Index of the next available-ring entry the device will read. */
    public int lastAvailIndex() {
        return lastAvail;
    }

    /** The used ring's idx as the device last wrote it. */
    public int usedIndex() {
        return usedIdx;
    }

    // --- processing -------------------------------------------------------------------------------------

    /**
     * Takes the next available buffer, or returns null if there is none (or the queue is not
     * ready).
     *
     * @throws VirtqueueException if the driver's ring or descriptors are malformed
     */
    public VirtqueueElement pop() {
        if (!ready) {
            return null;
        }
        try {
            int availIdx = memory.readU16(driverAddress + 2);
            if (availIdx == lastAvail) {
                return null;
            }
            VarHandle.acquireFence(); // read ring entries only after the idx that publishes them
            int outstanding = (availIdx - lastAvail) & 0xFFFF;
            if (outstanding > size) {
                throw new VirtqueueException("queue " + index + ": the driver moved the available index from " + lastAvail + " to "
                                + availIdx + ", more than the queue size " + size);
            }
            int head = memory.readU16(driverAddress + 4 + 2L * (lastAvail & (size - 1)));
            lastAvail = (lastAvail + 1) & 0xFFFF;
            if (head >= size) {
                throw new VirtqueueException("queue " + index + ": available ring entry " + head + " is not a descriptor (queue size " + size + ")");
            }
            return walk(head);
        } catch (GuestMemoryException e) {
            throw new VirtqueueException("queue " + index + ": " + e.getMessage());
        }
    }

    /** Walks the chain at {@code head} (2.7.5), following at most one indirect table (2.7.5.3). */
    private VirtqueueElement walk(int head) {
        List<VirtqueueElement.Segment> readable = new ArrayList<>();
        List<VirtqueueElement.Segment> writable = new ArrayList<>();
        long table = descAddress;
        int tableSize = size;
        boolean inIndirect = false;
        int i = head;
        int visited = 0;
        long bytes = 0;
        while (true) {
            if (visited++ >= tableSize) {
                throw new VirtqueueException("queue " + index + ": descriptor chain at " + head + " loops or is longer than its table ("
                                + tableSize + " descriptors)");
            }
            long at = table + (long) Virtio.DESC_SIZE * i;
            long addr = memory.readU64(at);
            long len = Integer.toUnsignedLong(memory.readU32(at + 8));
            int flags = memory.readU16(at + 12);
            int next = memory.readU16(at + 14);
            if ((flags & Virtio.DESC_F_INDIRECT) != 0) {
                if (!indirectAllowed) {
                    throw new VirtqueueException("queue " + index + ": indirect descriptor without VIRTIO_F_INDIRECT_DESC");
                }
                if (inIndirect) {
                    throw new VirtqueueException("queue " + index + ": indirect descriptor inside an indirect table");
                }
                if ((flags & Virtio.DESC_F_NEXT) != 0) {
                    throw new VirtqueueException("queue " + index + ": indirect descriptor with VIRTQ_DESC_F_NEXT set");
                }
                if (len == 0 || len % Virtio.DESC_SIZE != 0 || len / Virtio.DESC_SIZE > MAX_INDIRECT) {
                    throw new VirtqueueException("queue " + index + ": indirect table length " + len + " is not a multiple of 16 in 16.."
                                    + (MAX_INDIRECT * Virtio.DESC_SIZE));
                }
                if (!memory.isMemory(addr, len, false)) {
                    throw new VirtqueueException(String.format("queue %d: indirect table [0x%x, +0x%x) is not in guest RAM", index, addr, len));
                }
                table = addr;
                tableSize = (int) (len / Virtio.DESC_SIZE);
                inIndirect = true;
                i = 0;
                visited = 0;
                continue;
            }
            boolean write = (flags & Virtio.DESC_F_WRITE) != 0;
            if (!write && !writable.isEmpty()) {
                throw new VirtqueueException("queue " + index + ": device-readable descriptor after a device-writable one in chain " + head);
            }
            bytes += len;
            if (bytes > MAX_CHAIN_BYTES) {
                throw new VirtqueueException("queue " + index + ": chain " + head + " describes more than 4 GiB");
            }
            if (len > 0) {
                if (!memory.isMemory(addr, len, write)) {
                    throw new VirtqueueException(String.format("queue %d: %s buffer [0x%x, +0x%x) of chain %d is not in guest RAM", index,
                                    write ? "device-writable" : "device-readable", addr, len, head));
                }
                (write ? writable : readable).add(new VirtqueueElement.Segment(addr, (int) len));
            }
            if ((flags & Virtio.DESC_F_NEXT) == 0) {
                return new VirtqueueElement(head, readable, writable);
            }
            if (next >= tableSize) {
                throw new VirtqueueException("queue " + index + ": descriptor " + i + " of chain " + head + " points to " + next
                                + ", outside its table of " + tableSize);
            }
            i = next;
        }
    }

    /**
     * Returns a buffer to the driver (2.7.8): {@code written} is how many bytes the device wrote to
     * its writable part.
     */
    public void push(VirtqueueElement element, long written) {
        if (written < 0 || written > element.writableLength()) {
            throw new IllegalArgumentException("wrote " + written + " bytes into " + element);
        }
        try {
            long slot = deviceAddress + 4 + 8L * (usedIdx & (size - 1));
            memory.writeU32(slot, element.head());
            memory.writeU32(slot + 4, (int) written);
            VarHandle.releaseFence(); // the element before the idx that publishes it
            usedIdx = (usedIdx + 1) & 0xFFFF;
            memory.writeU16(deviceAddress + 2, usedIdx);
            pendingNotification = true;
        } catch (GuestMemoryException e) {
            throw new VirtqueueException("queue " + index + ": " + e.getMessage());
        }
    }

    /**
     * Whether a used buffer notification is due: buffers were used since the last one and the
     * driver did not set VIRTQ_AVAIL_F_NO_INTERRUPT (2.7.7; VIRTIO_F_EVENT_IDX is not offered).
     * Clears the pending state.
     */
    public boolean takeNotification() {
        if (!pendingNotification || !ready) {
            return false;
        }
        pendingNotification = false;
        VarHandle.fullFence(); // the used idx must be visible before the flags are read
        try {
            return (memory.readU16(driverAddress) & Virtio.AVAIL_F_NO_INTERRUPT) == 0;
        } catch (GuestMemoryException e) {
            throw new VirtqueueException("queue " + index + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "queue " + index + (ready ? " (size " + size + ", avail " + lastAvail + ", used " + usedIdx + ")" : " (not ready)");
    }
}
