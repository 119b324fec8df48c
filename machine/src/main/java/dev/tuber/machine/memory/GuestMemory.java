package dev.tuber.machine.memory;

import java.nio.ByteBuffer;

import dev.tuber.isa.spi.MachineHost;

/**
 * Guest RAM as a DMA-capable device sees it: bulk and little-endian scalar reads and writes at
 * guest physical addresses. Only RAM answers (ROM may be read, not written); any other range
 * throws {@link GuestMemoryException}, which a device turns into an error status for the guest.
 * A range may span adjacent RAM banks.
 *
 * <p>Every write tells the CPU ({@link MachineHost#memoryWritten}) so that translated code of the
 * pages it touches is dropped.
 */
public final class GuestMemory {
    private final AddressSpace space;
    private final MachineHost host;

    public GuestMemory(AddressSpace space, MachineHost host) {
        this.space = space;
        this.host = host;
    }

    /** Whether {@code [paddr, paddr+length)} is entirely RAM (or ROM if {@code !write}). */
    public boolean isMemory(long paddr, long length, boolean write) {
        long at = paddr;
        long left = length;
        while (left > 0) {
            AddressSpace.Mapping m = space.find(at);
            if (m == null || m.block() == null || (write && m.block().readOnly())) {
                return false;
            }
            long chunk = Math.min(left, m.last() - at + 1);
            if (chunk <= 0) {
                chunk = left; // the mapping ends at 2^64
            }
            at += chunk;
            left -= chunk;
        }
        return length >= 0;
    }

    private AddressSpace.Mapping block(long at, long paddr, long length, boolean write) {
        AddressSpace.Mapping m = space.find(at);
        if (m == null || m.block() == null) {
            throw new GuestMemoryException(paddr, length, "is not guest RAM");
        }
        if (write && m.block().readOnly()) {
            throw new GuestMemoryException(paddr, length, "is read-only memory");
        }
        return m;
    }

    private static long chunk(AddressSpace.Mapping m, long at, long left) {
        long room = m.last() - at + 1;
        return room <= 0 ? left : Math.min(left, room);
    }

    private static void checkArgs(long paddr, int length, byte[] array, int offset) {
        if (length < 0 || offset < 0 || offset > array.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + array.length);
        }
        if (Long.compareUnsigned(paddr + length, paddr) < 0 && paddr + length != 0) {
            throw new GuestMemoryException(paddr, length, "wraps around the address space");
        }
    }

    /** Copies {@code length} bytes of guest memory at {@code paddr} into {@code dest}. */
    public void read(long paddr, byte[] dest, int offset, int length) {
        checkArgs(paddr, length, dest, offset);
        long at = paddr;
        int done = 0;
        while (done < length) {
            AddressSpace.Mapping m = block(at, paddr, length, false);
            int n = (int) chunk(m, at, length - done);
            m.block().copyOut(at - m.base(), dest, offset + done, n);
            at += n;
            done += n;
        }
    }

    /** Copies {@code length} bytes of {@code src} into guest RAM at {@code paddr}. */
    public void write(long paddr, byte[] src, int offset, int length) {
        checkArgs(paddr, length, src, offset);
        requireWritable(paddr, length);
        long at = paddr;
        int done = 0;
        while (done < length) {
            AddressSpace.Mapping m = block(at, paddr, length, true);
            int n = (int) chunk(m, at, length - done);
            m.block().copyIn(at - m.base(), src, offset + done, n);
            at += n;
            done += n;
        }
        if (length > 0) {
            host.memoryWritten(paddr, length);
        }
    }

    /** Checks the whole range before anything is written, so that a rejected write changes nothing. */
    private void requireWritable(long paddr, long length) {
        long at = paddr;
        long left = length;
        while (left > 0) {
            AddressSpace.Mapping m = block(at, paddr, length, true);
            long n = chunk(m, at, left);
            at += n;
            left -= n;
        }
    }

    /** Reads {@code dest.remaining()} bytes at {@code paddr} into {@code dest}. */
    public void read(long paddr, ByteBuffer dest) {
        byte[] tmp = new byte[dest.remaining()];
        read(paddr, tmp, 0, tmp.length);
        dest.put(tmp);
    }

    /** Writes the remaining bytes of {@code src} at {@code paddr}. */
    public void write(long paddr, ByteBuffer src) {
        byte[] tmp = new byte[src.remaining()];
        src.get(tmp);
        write(paddr, tmp, 0, tmp.length);
    }

    /** Fills {@code length} bytes at {@code paddr} with zeros. */
    public void zero(long paddr, long length) {
        requireWritable(paddr, length);
        long at = paddr;
        long left = length;
        while (left > 0) {
            AddressSpace.Mapping m = block(at, paddr, length, true);
            long n = chunk(m, at, left);
            m.block().fill(at - m.base(), n, (byte) 0);
            at += n;
            left -= n;
        }
        if (length > 0) {
            host.memoryWritten(paddr, length);
        }
    }

    private long scalar(long paddr, int size) {
        AddressSpace.Mapping m = space.find(paddr);
        if (m == null || m.block() == null || Long.compareUnsigned(paddr + size - 1, m.last()) > 0) {
            byte[] b = new byte[size];
            read(paddr, b, 0, size); // spans banks, or throws the right exception
            long v = 0;
            for (int i = size - 1; i >= 0; i--) {
                v = (v << 8) | (b[i] & 0xFF);
            }
            return v;
        }
        return m.block().read(paddr - m.base(), size);
    }

    private void scalar(long paddr, int size, long value) {
        AddressSpace.Mapping m = space.find(paddr);
        if (m == null || m.block() == null || m.block().readOnly() || Long.compareUnsigned(paddr + size - 1, m.last()) > 0) {
            byte[] b = new byte[size];
            for (int i = 0; i < size; i++) {
                b[i] = (byte) (value >>> (8 * i));
            }
            write(paddr, b, 0, size);
            return;
        }
        m.block().write(paddr - m.base(), size, value);
        host.memoryWritten(paddr, size);
    }

    public int readU8(long paddr) {
        return (int) scalar(paddr, 1);
    }

    public int readU16(long paddr) {
        return (int) scalar(paddr, 2);
    }

    /** A 32-bit little-endian value (as an int; mask with {@code 0xFFFFFFFFL} for unsigned). */
    public int readU32(long paddr) {
        return (int) scalar(paddr, 4);
    }

    public long readU64(long paddr) {
        return scalar(paddr, 8);
    }

    public void writeU8(long paddr, int value) {
        scalar(paddr, 1, value);
    }

    public void writeU16(long paddr, int value) {
        scalar(paddr, 2, value);
    }

    public void writeU32(long paddr, int value) {
        scalar(paddr, 4, value);
    }

    public void writeU64(long paddr, long value) {
        scalar(paddr, 8, value);
    }
}
