package dev.tuber.machine.fdt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A flattened device tree being built (or read back): a root {@link FdtNode}, the memory
 * reservation map, phandle allocation, and the DTB encoding of the Devicetree Specification
 * (chapter 5): a 40-byte header with magic {@code 0xd00dfeed}, version 17 (last compatible 16),
 * then the memory reservation block, the structure block and the strings block.
 */
public final class Fdt {
    public static final int MAGIC = 0xd00dfeed;
    public static final int VERSION = 17;
    public static final int LAST_COMPATIBLE_VERSION = 16;

    private static final int FDT_BEGIN_NODE = 1;
    private static final int FDT_END_NODE = 2;
    private static final int FDT_PROP = 3;
    private static final int FDT_NOP = 4;
    private static final int FDT_END = 9;
    private static final int HEADER_SIZE = 40;

    /** A memory reservation entry. */
    public record Reservation(long address, long size) {
    }

    private final FdtNode root = new FdtNode("", null);
    private final List<Reservation> reservations = new ArrayList<>();
    private int bootCpu;
    private int nextPhandle = 1;

    /** An empty tree (a root node without properties). */
    public Fdt() {
    }

    public FdtNode root() {
        return root;
    }

    /** The node at {@code path} (e.g. {@code /soc/serial@10000000}), or null. */
    public FdtNode node(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("device tree paths are absolute: " + path);
        }
        FdtNode n = root;
        for (String part : path.substring(1).split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            n = n.child(part);
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    /** The node at {@code path}, creating missing nodes on the way. */
    public FdtNode nodeOrCreate(String path) {
        FdtNode n = root;
        for (String part : path.substring(1).split("/")) {
            if (!part.isEmpty()) {
                n = n.childOrCreate(part);
            }
        }
        return n;
    }

    /**
     * Gives {@code node} a phandle (if it has none) and returns it. Numbers are allocated in
     * order from 1, skipping those already used in the tree.
     */
    public int phandle(FdtNode node) {
        int[] existing = node.getCells("phandle");
        if (existing != null && existing.length == 1) {
            return existing[0];
        }
        int p = allocatePhandle();
        node.setCells("phandle", p);
        return p;
    }

    /** A phandle number not used by any node yet (without assigning it). */
    public int allocatePhandle() {
        while (phandleInUse(root, nextPhandle)) {
            nextPhandle++;
        }
        return nextPhandle++;
    }

    private static boolean phandleInUse(FdtNode n, int p) {
        int[] c = n.getCells("phandle");
        if (c != null && c.length == 1 && c[0] == p) {
            return true;
        }
        for (FdtNode child : n.children()) {
            if (phandleInUse(child, p)) {
                return true;
            }
        }
        return false;
    }

    /** Adds a memory reservation map entry. */
    public void reserve(long address, long size) {
        reservations.add(new Reservation(address, size));
    }

    public List<Reservation> reservations() {
        return List.copyOf(reservations);
    }

    public int bootCpu() {
        return bootCpu;
    }

    public void setBootCpu(int physicalId) {
        this.bootCpu = physicalId;
    }

    // --- encoding ---------------------------------------------------------------------------------

    /** Encodes the tree as a DTB blob. */
    public byte[] toDtb() {
        ByteArrayOutputStream structure = new ByteArrayOutputStream();
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        Map<String, Integer> stringOffsets = new HashMap<>();
        writeNode(root, structure, strings, stringOffsets);
        writeU32(structure, FDT_END);

        int rsvOffset = HEADER_SIZE;
        int rsvSize = (reservations.size() + 1) * 16;
        int structOffset = rsvOffset + rsvSize;
        int structSize = structure.size();
        int stringsOffset = structOffset + structSize;
        int stringsSize = strings.size();
        int total = stringsOffset + stringsSize;

        ByteBuffer b = ByteBuffer.allocate(total); // big-endian, as the format is
        b.putInt(MAGIC);
        b.putInt(total);
        b.putInt(structOffset);
        b.putInt(stringsOffset);
        b.putInt(rsvOffset);
        b.putInt(VERSION);
        b.putInt(LAST_COMPATIBLE_VERSION);
        b.putInt(bootCpu);
        b.putInt(stringsSize);
        b.putInt(structSize);
        for (Reservation r : reservations) {
            b.putLong(r.address());
            b.putLong(r.size());
        }
        b.putLong(0);
        b.putLong(0);
        b.put(structure.toByteArray());
        b.put(strings.toByteArray());
        return b.array();
    }

    private static void writeNode(FdtNode node, ByteArrayOutputStream out, ByteArrayOutputStream strings,
                    Map<String, Integer> stringOffsets) {
        writeU32(out, FDT_BEGIN_NODE);
        byte[] name = node.name().getBytes(StandardCharsets.UTF_8);
        out.writeBytes(name);
        out.write(0);
        pad(out);
        for (Map.Entry<String, byte[]> p : node.properties().entrySet()) {
            Integer off = stringOffsets.get(p.getKey());
            if (off == null) {
                off = strings.size();
                strings.writeBytes(p.getKey().getBytes(StandardCharsets.UTF_8));
                strings.write(0);
                stringOffsets.put(p.getKey(), off);
            }
            writeU32(out, FDT_PROP);
            writeU32(out, p.getValue().length);
            writeU32(out, off);
            out.writeBytes(p.getValue());
            pad(out);
        }
        for (FdtNode child : node.children()) {
            writeNode(child, out, strings, stringOffsets);
        }
        writeU32(out, FDT_END_NODE);
    }

    private static void writeU32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static void pad(ByteArrayOutputStream out) {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
    }

    // --- decoding ---------------------------------------------------------------------------------

    /**
     * Decodes a DTB blob (for {@code -dtb} files and tests).
     *
     * @throws IllegalArgumentException with a short reason if the blob is malformed
     */
    public static Fdt parse(byte[] dtb) {
        if (dtb.length < HEADER_SIZE) {
            throw new IllegalArgumentException("too short for a device tree blob");
        }
        ByteBuffer b = ByteBuffer.wrap(dtb);
        if (b.getInt(0) != MAGIC) {
            throw new IllegalArgumentException("not a device tree blob (bad magic)");
        }
        int total = b.getInt(4);
        int structOffset = b.getInt(8);
        int stringsOffset = b.getInt(12);
        int rsvOffset = b.getInt(16);
        int version = b.getInt(20);
        int lastCompatible = b.getInt(24);
        int stringsSize = b.getInt(32);
        int structSize = b.getInt(36);
        if (total < HEADER_SIZE || total > dtb.length) {
            throw new IllegalArgumentException("total size " + total + " does not match the file (" + dtb.length + " bytes)");
        }
        if (lastCompatible > VERSION || version < LAST_COMPATIBLE_VERSION) {
            throw new IllegalArgumentException("unsupported device tree version " + version);
        }
        if (!within(structOffset, structSize, total) || !within(stringsOffset, stringsSize, total) || !within(rsvOffset, 16, total)) {
            throw new IllegalArgumentException("blocks lie outside the blob");
        }
        Fdt fdt = new Fdt();
        fdt.bootCpu = b.getInt(28);
        for (int at = rsvOffset;; at += 16) {
            if (!within(at, 16, total)) {
                throw new IllegalArgumentException("unterminated memory reservation map");
            }
            long address = b.getLong(at);
            long size = b.getLong(at + 8);
            if (address == 0 && size == 0) {
                break;
            }
            fdt.reservations.add(new Reservation(address, size));
        }
        int end = structOffset + structSize;
        int at = structOffset;
        FdtNode current = null;
        boolean done = false;
        while (!done) {
            if (at + 4 > end) {
                throw new IllegalArgumentException("structure block ends without FDT_END");
            }
            int token = b.getInt(at);
            at += 4;
            switch (token) {
                case FDT_BEGIN_NODE -> {
                    int nameEnd = at;
                    while (nameEnd < end && dtb[nameEnd] != 0) {
                        nameEnd++;
                    }
                    if (nameEnd >= end) {
                        throw new IllegalArgumentException("unterminated node name");
                    }
                    String name = new String(dtb, at, nameEnd - at, StandardCharsets.UTF_8);
                    at = align(nameEnd + 1);
                    if (current == null) {
                        if (!name.isEmpty()) {
                            throw new IllegalArgumentException("root node has a name");
                        }
                        current = fdt.root;
                    } else {
                        current = current.addChild(name);
                    }
                }
                case FDT_END_NODE -> {
                    if (current == null) {
                        throw new IllegalArgumentException("unbalanced FDT_END_NODE");
                    }
                    current = current.parent();
                }
                case FDT_PROP -> {
                    if (current == null || at + 8 > end) {
                        throw new IllegalArgumentException("property outside a node");
                    }
                    int len = b.getInt(at);
                    int nameOff = b.getInt(at + 4);
                    at += 8;
                    if (len < 0 || at + len > end || nameOff < 0 || nameOff >= stringsSize) {
                        throw new IllegalArgumentException("property lies outside the blob");
                    }
                    int s = stringsOffset + nameOff;
                    int e = s;
                    while (e < stringsOffset + stringsSize && dtb[e] != 0) {
                        e++;
                    }
                    String name = new String(dtb, s, e - s, StandardCharsets.UTF_8);
                    byte[] value = new byte[len];
                    System.arraycopy(dtb, at, value, 0, len);
                    current.setBytes(name, value);
                    at = align(at + len);
                }
                case FDT_NOP -> {
                }
                case FDT_END -> done = true;
                default -> throw new IllegalArgumentException("bad structure token " + token);
            }
        }
        if (current != null) {
            throw new IllegalArgumentException("unterminated node");
        }
        return fdt;
    }

    private static boolean within(int offset, int size, int total) {
        return offset >= 0 && size >= 0 && offset <= total && size <= total - offset;
    }

    private static int align(int v) {
        return (v + 3) & ~3;
    }
}
