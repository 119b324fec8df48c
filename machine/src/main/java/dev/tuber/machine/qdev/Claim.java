package dev.tuber.machine.qdev;

import dev.tuber.isa.spi.BoardException;

/** The claim on a {@link Claimable}: its one user at a time, the state behind {@link Claimable}'s methods. */
public final class Claim {
    private String owner;

    /** Who holds the claim, or null. */
    public synchronized String owner() {
        return owner;
    }

    /**
     * Records {@code newOwner} as the user of {@code what}.
     *
     * @throws BoardException if someone else already uses it
     */
    public synchronized void take(Claimable what, String newOwner) {
        if (owner != null && !owner.equals(newOwner)) {
            throw new BoardException(what.describe() + " is already in use by " + owner);
        }
        owner = newOwner;
    }

    /** Forgets {@code oldOwner}; returns false (and does nothing) if someone else holds the claim. */
    public synchronized boolean release(String oldOwner) {
        if (!oldOwner.equals(owner)) {
            return false;
        }
        owner = null;
        return true;
    }
}
