package dev.tuber.devices.virtio;

import dev.tuber.machine.memory.GuestMemory;

/**
 * The driver side of a split virtqueue in guest memory (VirtIO 1.2 section 2.7), as a test writes
 * it: descriptors, direct and indirect chains, the available ring, and reads of the used ring. It
 * also writes arbitrary (malformed) descriptors and ring entries.
 */
final class MockVirtqueue {
    /** One buffer of a chain: device-readable or device-writable. */
    record Buf(long address, int length, boolean writable) {
        static Buf in(long address, int length) {
            return new Buf(address, length, false);
        }

        static Buf out(long address, int length) {
            return new Buf(address, length, true);
        }
    }

    final GuestMemory memory;
    final int size;
    final long desc;
    final long avail;
    final long used;
    private int nextDesc;
    private int availIdx;

    MockVirtqueue(GuestMemory memory, int size, long desc, long avail, long used) {
        this.memory = memory;
        this.size = size;
        this.desc = desc;
        this.avail = avail;
        this.used = used;
        memory.zero(desc, 16L * size);
        memory.zero(avail, 6 + 2L * size);
        memory.zero(used, 6 + 8L * size);
    }

    /** Writes descriptor {@code i} of the table at {@code table}. */
    void writeDesc(long table, int i, long address, int length, int flags, int next) {
        long at = table + 16L * i;
        memory.writeU64(at, address);
        memory.writeU32(at + 8, length);
        memory.writeU16(at + 12, flags);
        memory.writeU16(at + 14, next);
    }

    void writeDesc(int i, long address, int length, int flags, int next) {
        writeDesc(desc, i, address, length, flags, next);
    }

    private int takeDesc() {
        int i = nextDesc;
        nextDesc = (nextDesc + 1) % size;
        return i;
    }

    /** Writes a chain of direct descriptors and returns its head (not yet made available). */
    int chain(Buf... bufs) {
        int[] ids = new int[bufs.length];
        for (int k = 0; k < bufs.length; k++) {
            ids[k] = takeDesc();
        }
        for (int k = 0; k < bufs.length; k++) {
            boolean last = k == bufs.length - 1;
            int flags = (bufs[k].writable() ? Virtio.DESC_F_WRITE : 0) | (last ? 0 : Virtio.DESC_F_NEXT);
            writeDesc(ids[k], bufs[k].address(), bufs[k].length(), flags, last ? 0 : ids[k + 1]);
        }
        return ids[0];
    }

    /**
     * Writes an indirect table at {@code table} holding {@code bufs} and one descriptor pointing at
     * it. The walk starts at slot 0; buffer k (k &gt; 0) lives in slot n-k, so the order comes from
     * the {@code next} fields, not from positions.
     */
    int indirect(long table, Buf... bufs) {
        int n = bufs.length;
        for (int k = 0; k < n; k++) {
            boolean last = k == n - 1;
            int flags = (bufs[k].writable() ? Virtio.DESC_F_WRITE : 0) | (last ? 0 : Virtio.DESC_F_NEXT);
            writeDesc(table, slot(k, n), bufs[k].address(), bufs[k].length(), flags, last ? 0 : slot(k + 1, n));
        }
        int head = takeDesc();
        writeDesc(head, table, 16 * n, Virtio.DESC_F_INDIRECT, 0);
        return head;
    }

    private static int slot(int k, int n) {
        return k == 0 ? 0 : n - k;
    }

    /** Puts {@code head} in the available ring and publishes the new index. */
    void publish(int head) {
        memory.writeU16(avail + 4 + 2L * (availIdx % size), head);
        availIdx = (availIdx + 1) & 0xFFFF;
        memory.writeU16(avail + 2, availIdx);
    }

    /** Sets the available index to anything (malformed cases). */
    void setAvailIdx(int value) {
        availIdx = value & 0xFFFF;
        memory.writeU16(avail + 2, availIdx);
    }

    void setAvailFlags(int flags) {
        memory.writeU16(avail, flags);
    }

    int usedIdx() {
        return memory.readU16(used + 2);
    }

    /** The id (head) of used element {@code i} (mod size). */
    int usedId(int i) {
        return memory.readU32(used + 4 + 8L * (i % size));
    }

    /** The length of used element {@code i} (mod size). */
    int usedLen(int i) {
        return memory.readU32(used + 4 + 8L * (i % size) + 4);
    }
}
