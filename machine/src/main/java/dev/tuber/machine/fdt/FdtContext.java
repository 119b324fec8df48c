package dev.tuber.machine.fdt;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What a device's device-tree method works with while the board assembles the tree: the tree, the
 * node devices on the system bus go under ({@code /soc} on virt and spike), and phandles keyed by
 * the objects they stand for, so that a device can refer to its interrupt controller before or
 * after that controller has written its own node.
 */
public final class FdtContext {
    private final Fdt fdt;
    private final FdtNode soc;
    private final Map<Object, Integer> phandles = new IdentityHashMap<>();
    private final Map<Object, FdtNode> nodes = new IdentityHashMap<>();

    public FdtContext(Fdt fdt, FdtNode soc) {
        this.fdt = fdt;
        this.soc = soc;
    }

    public Fdt fdt() {
        return fdt;
    }

    /** The node system-bus devices add themselves to ({@code #address-cells = #size-cells = 2}). */
    public FdtNode soc() {
        return soc;
    }

    /**
     * The phandle standing for {@code key} (an interrupt controller, a device, a hart's local
     * interrupt controller), allocated on first use; the owner's node sets it with {@link
     * #assignPhandle}.
     */
    public int phandle(Object key) {
        return phandles.computeIfAbsent(key, k -> fdt.allocatePhandle());
    }

    /** Writes {@code key}'s phandle into {@code node} and returns it. */
    public int assignPhandle(Object key, FdtNode node) {
        int p = phandle(key);
        node.setCells("phandle", p);
        return p;
    }

    /**
     * Adds a node for {@code owner} (a device) under {@code parent}, remembering it so that others
     * can find it ({@link #nodeOf}), e.g. a board pointing {@code stdout-path} at its console.
     */
    public FdtNode addNode(Object owner, FdtNode parent, String name) {
        FdtNode n = parent.addChild(name);
        nodes.put(owner, n);
        return n;
    }

    /** The main node {@code owner} added with {@link #addNode}, or null. */
    public FdtNode nodeOf(Object owner) {
        return nodes.get(owner);
    }

    /** A node name with unit address, as the specification spells it: {@code serial@10000000}. */
    public static String unitName(String name, long address) {
        return name + "@" + Long.toHexString(address);
    }
}
