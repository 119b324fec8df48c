package dev.tuber.isa.spi;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Board providers registered programmatically, in addition to those found with {@link
 * java.util.ServiceLoader}: for embedders that build their own boards, and for tests of the CPU
 * that run without the machine layer.
 */
public final class Boards {
    private static final List<BoardProvider> REGISTERED = new CopyOnWriteArrayList<>();

    private Boards() {
    }

    /** Adds a provider; it is asked before the ones found by the service loader. */
    public static void register(BoardProvider provider) {
        REGISTERED.add(0, provider);
    }

    public static void unregister(BoardProvider provider) {
        REGISTERED.remove(provider);
    }

    /** The registered providers, most recent first. */
    public static List<BoardProvider> registered() {
        return List.copyOf(REGISTERED);
    }
}
