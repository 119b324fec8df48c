package dev.tuber.machine.chardev;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The last bytes a guest wrote to a character back end, kept so that the machine can show the
 * end of the console when the guest panics ({@link dev.tuber.machine.Machine#guestPanicked}). A
 * ring buffer of fixed size; thread-safe.
 */
public final class ConsoleTail {
    /** Bytes kept: enough for the last screenful of a kernel oops. */
    public static final int DEFAULT_CAPACITY = 16 * 1024;

    private final byte[] ring;
    private long written;

    public ConsoleTail() {
        this(DEFAULT_CAPACITY);
    }

    public ConsoleTail(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.ring = new byte[capacity];
    }

    /** Records output. */
    public synchronized void append(byte[] data, int offset, int length) {
        int from = offset;
        int n = length;
        if (n > ring.length) {
            from += n - ring.length; // only the last bytes survive
            n = ring.length;
        }
        int at = (int) ((written + (length - n)) % ring.length);
        int first = Math.min(n, ring.length - at);
        System.arraycopy(data, from, ring, at, first);
        System.arraycopy(data, from + first, ring, 0, n - first);
        written += length;
    }

    /** Everything still held, oldest first. */
    public synchronized byte[] bytes() {
        int n = (int) Math.min(written, ring.length);
        byte[] out = new byte[n];
        int start = (int) ((written - n) % ring.length);
        int first = Math.min(n, ring.length - start);
        System.arraycopy(ring, start, out, 0, first);
        System.arraycopy(ring, 0, out, first, n - first);
        return out;
    }

    /**
     * The last {@code count} lines (an unfinished last line counts), without line terminators
     * ({@code \r} dropped). The oldest line may be cut at its start when the buffer wrapped inside it.
     */
    public List<String> lastLines(int count) {
        String text = new String(bytes(), StandardCharsets.UTF_8).replace("\r", "");
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        List<String> lines = new ArrayList<>();
        if (text.isEmpty()) {
            return lines;
        }
        int end = text.length();
        while (lines.size() < count && end >= 0) {
            int nl = text.lastIndexOf('\n', end - 1);
            lines.add(0, text.substring(nl + 1, end));
            if (nl < 0) {
                break;
            }
            end = nl;
        }
        return lines;
    }

    /** Total bytes ever appended. */
    public synchronized long totalBytes() {
        return written;
    }
}
