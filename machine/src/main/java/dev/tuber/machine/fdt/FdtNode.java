package dev.tuber.machine.fdt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of a flattened device tree: a name ({@code serial@10000000}), properties in insertion
 * order, and child nodes. Property values are stored in their encoded (big-endian) form; the
 * setters cover the value types of the Devicetree Specification (chapter 2.2.4): empty, {@code
 * <u32>} cells, {@code <u64>}, strings and string lists, and raw bytes. Setting a property again
 * replaces it in place.
 */
public final class FdtNode {
    private final String name;
    private final FdtNode parent;
    private final LinkedHashMap<String, byte[]> properties = new LinkedHashMap<>();
    private final List<FdtNode> children = new ArrayList<>();

    FdtNode(String name, FdtNode parent) {
        if (name.indexOf('/') >= 0 || (parent != null && name.isEmpty())) {
            throw new IllegalArgumentException("bad node name '" + name + "'");
        }
        this.name = name;
        this.parent = parent;
    }

    /** The node name with unit address; the root's is empty. */
    public String name() {
        return name;
    }

    public FdtNode parent() {
        return parent;
    }

    /** The full path, {@code /} for the root. */
    public String path() {
        if (parent == null) {
            return "/";
        }
        String p = parent.path();
        return (p.equals("/") ? "" : p) + "/" + name;
    }

    /** The child called {@code childName}, or null. */
    public FdtNode child(String childName) {
        for (FdtNode c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }

    /** Adds a child; an existing child of that name is an error (two devices at one address). */
    public FdtNode addChild(String childName) {
        if (child(childName) != null) {
            throw new IllegalStateException("device tree node " + path() + " already has a child '" + childName + "'");
        }
        FdtNode c = new FdtNode(childName, this);
        children.add(c);
        return c;
    }

    /** The child called {@code childName}, created if missing. */
    public FdtNode childOrCreate(String childName) {
        FdtNode c = child(childName);
        return c != null ? c : addChild(childName);
    }

    public List<FdtNode> children() {
        return Collections.unmodifiableList(children);
    }

    /** Properties by name, in insertion order (encoded values). */
    public Map<String, byte[]> properties() {
        return Collections.unmodifiableMap(properties);
    }

    public boolean has(String property) {
        return properties.containsKey(property);
    }

    /** The encoded value of {@code property}, or null. */
    public byte[] get(String property) {
        return properties.get(property);
    }

    public FdtNode remove(String property) {
        properties.remove(property);
        return this;
    }

    // --- setters ------------------------------------------------------------------------------

    /** Raw bytes. */
    public FdtNode setBytes(String property, byte[] value) {
        if (property.isEmpty() || property.length() > 31) {
            throw new IllegalArgumentException("bad property name '" + property + "'");
        }
        properties.put(property, value.clone());
        return this;
    }

    /** A property without value (a boolean: {@code interrupt-controller;}). */
    public FdtNode setEmpty(String property) {
        return setBytes(property, new byte[0]);
    }

    /** One or more 32-bit cells. */
    public FdtNode setCells(String property, int... cells) {
        byte[] b = new byte[cells.length * 4];
        for (int i = 0; i < cells.length; i++) {
            putU32(b, i * 4, cells[i]);
        }
        return setBytes(property, b);
    }

    /** One or more 64-bit values, each as two cells (high first). */
    public FdtNode setU64(String property, long... values) {
        byte[] b = new byte[values.length * 8];
        for (int i = 0; i < values.length; i++) {
            putU32(b, i * 8, (int) (values[i] >>> 32));
            putU32(b, i * 8 + 4, (int) values[i]);
        }
        return setBytes(property, b);
    }

    /** A NUL-terminated string. */
    public FdtNode setString(String property, String value) {
        return setStrings(property, value);
    }

    /** A string list: each string NUL-terminated, back to back. */
    public FdtNode setStrings(String property, String... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String v : values) {
            if (v.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("NUL in device tree string");
            }
            out.writeBytes(v.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return setBytes(property, out.toByteArray());
    }

    /**
     * A {@code reg} (or {@code ranges}-like) list of address/size pairs encoded with the given
     * cell counts (the parent's {@code #address-cells} and {@code #size-cells}).
     */
    public FdtNode setReg(String property, int addressCells, int sizeCells, long... addressSizePairs) {
        if (addressSizePairs.length % 2 != 0) {
            throw new IllegalArgumentException("address/size pairs expected");
        }
        int per = addressCells + sizeCells;
        int[] cells = new int[addressSizePairs.length / 2 * per];
        for (int i = 0; i < addressSizePairs.length / 2; i++) {
            encode(cells, i * per, addressCells, addressSizePairs[2 * i]);
            encode(cells, i * per + addressCells, sizeCells, addressSizePairs[2 * i + 1]);
        }
        return setCells(property, cells);
    }

    private static void encode(int[] cells, int at, int count, long value) {
        if (count == 1) {
            cells[at] = (int) value;
        } else if (count == 2) {
            cells[at] = (int) (value >>> 32);
            cells[at + 1] = (int) value;
        } else if (count != 0) {
            throw new IllegalArgumentException("unsupported cell count " + count);
        }
    }

    /** {@code reg} with two address and two size cells, the layout of every virt/spike bus. */
    public FdtNode setReg(long... addressSizePairs) {
        return setReg("reg", 2, 2, addressSizePairs);
    }

    // --- getters, for tests and for patching a user's -dtb ---------------------------------------

    /** The value as a string (up to the first NUL), or null if absent. */
    public String getString(String property) {
        byte[] b = properties.get(property);
        if (b == null) {
            return null;
        }
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    /** The value as a string list, or null if absent. */
    public List<String> getStrings(String property) {
        byte[] b = properties.get(property);
        if (b == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                out.add(new String(b, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return out;
    }

    /** The value as 32-bit cells, or null if absent. */
    public int[] getCells(String property) {
        byte[] b = properties.get(property);
        if (b == null) {
            return null;
        }
        int[] out = new int[b.length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = getU32(b, i * 4);
        }
        return out;
    }

    static void putU32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static int getU32(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    @Override
    public String toString() {
        return path();
    }
}
