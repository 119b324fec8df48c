package dev.tuber.devices.virtio;

import java.util.List;

import dev.tuber.machine.memory.GuestMemory;

/**
 * One buffer the driver made available: the descriptor chain starting at {@link #head()}, already
 * walked and checked (VirtIO 1.2 section 2.7.5), as two lists of guest-memory segments: those the
 * device may only read, then those it may only write (the driver places device-writable
 * descriptors after device-readable ones, 2.7.4.2). Every segment lies in guest RAM.
 *
 * <p>The readable segments form one byte stream, the writable segments another; {@link #read} and
 * {@link #write} address them by offset in that stream, so a device does not care how the driver
 * split its buffer.
 */
public final class VirtqueueElement {
    /** A piece of a buffer: {@code length} bytes at guest physical address {@code address}. */
    public record Segment(long address, int length) {
    }

    private final int head;
    private final List<Segment> readable;
    private final List<Segment> writable;
    private final long readableLength;
    private final long writableLength;

    VirtqueueElement(int head, List<Segment> readable, List<Segment> writable) {
        this.head = head;
        this.readable = List.copyOf(readable);
        this.writable = List.copyOf(writable);
        this.readableLength = total(readable);
        this.writableLength = total(writable);
    }

    private static long total(List<Segment> segments) {
        long n = 0;
        for (Segment s : segments) {
            n += Integer.toUnsignedLong(s.length());
        }
        return n;
    }

    /** The index of the chain's first descriptor (what the used ring reports back). */
    public int head() {
        return head;
    }

    public List<Segment> readable() {
        return readable;
    }

    public List<Segment> writable() {
        return writable;
    }

    /** Total bytes the device may read. */
    public long readableLength() {
        return readableLength;
    }

    /** Total bytes the device may write. */
    public long writableLength() {
        return writableLength;
    }

    /**
     * Copies {@code length} bytes at {@code offset} of the readable stream into {@code dest}.
     *
     * @throws IndexOutOfBoundsException if the range goes past the readable bytes
     */
    public void read(GuestMemory memory, long offset, byte[] dest, int destOffset, int length) {
        copy(memory, readable, readableLength, offset, dest, destOffset, length, false);
    }

    /**
     * Copies {@code length} bytes of {@code src} to {@code offset} of the writable stream.
     *
     * @throws IndexOutOfBoundsException if the range goes past the writable bytes
     */
    public void write(GuestMemory memory, long offset, byte[] src, int srcOffset, int length) {
        copy(memory, writable, writableLength, offset, src, srcOffset, length, true);
    }

    private static void copy(GuestMemory memory, List<Segment> segments, long total, long offset, byte[] buffer, int bufferOffset,
                    int length, boolean toGuest) {
        if (offset < 0 || length < 0 || offset > total - length) {
            throw new IndexOutOfBoundsException("bytes [" + offset + ", +" + length + ") of a " + total + "-byte buffer");
        }
        long skip = offset;
        int done = 0;
        for (Segment s : segments) {
            long segLength = Integer.toUnsignedLong(s.length());
            if (skip >= segLength) {
                skip -= segLength;
                continue;
            }
            int n = (int) Math.min(segLength - skip, length - done);
            if (toGuest) {
                memory.write(s.address() + skip, buffer, bufferOffset + done, n);
            } else {
                memory.read(s.address() + skip, buffer, bufferOffset + done, n);
            }
            done += n;
            skip = 0;
            if (done == length) {
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "element " + head + " (" + readableLength + " readable, " + writableLength + " writable bytes)";
    }
}
