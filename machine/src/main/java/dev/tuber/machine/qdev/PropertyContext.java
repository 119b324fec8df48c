package dev.tuber.machine.qdev;

import dev.tuber.machine.block.Drive;
import dev.tuber.machine.chardev.Chardev;

/**
 * Resolves the references a property value may name: the back ends created by {@code -chardev},
 * {@code -serial}, {@code -drive} and {@code -blockdev}. The machine implements it.
 */
public interface PropertyContext {

    /** A context that knows no back ends (for tables without reference properties). */
    PropertyContext NONE = new PropertyContext() {
        @Override
        public Chardev chardev(String id) {
            return null;
        }

        @Override
        public Drive drive(String id) {
            return null;
        }
    };

    /** The character device called {@code id}, or null. */
    Chardev chardev(String id);

    /** The drive or block node called {@code id}, or null. */
    Drive drive(String id);
}
