package dev.tuber.machine.chardev;

/** {@code -chardev null}: output vanishes, input never comes. */
public final class NullChardev extends Chardev {

    public NullChardev(String id) {
        super(id);
    }

    @Override
    public String kind() {
        return "null";
    }

    @Override
    protected void output(byte[] data, int offset, int length) {
    }
}
