package dev.tuber.machine.qdev;

import dev.tuber.isa.spi.BoardException;

/**
 * A back end that at most one device may use at a time (a chardev without multiplexer, a drive).
 * A device claims the back ends its properties name when it is realized and releases them when it
 * is unrealized.
 */
public interface Claimable {

    /** What the user calls it in messages, e.g. {@code chardev 'serial0'}. */
    String describe();

    /** Who uses it, or null. */
    String claimedBy();

    /**
     * Records {@code owner} as the user.
     *
     * @throws BoardException if someone else already uses it
     */
    void claim(String owner);

    /** Forgets {@code owner} (no effect if someone else holds the claim). */
    void release(String owner);
}
