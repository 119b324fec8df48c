package dev.tuber.machine.qdev;

import java.util.Objects;

import dev.tuber.machine.block.Drive;
import dev.tuber.machine.chardev.Chardev;

/**
 * One entry of a device type's property table (QEMU's {@code Property}, {@code DEFINE_PROP_*}):
 * a name, a {@link PropertyType}, a default and a help text. A device type lists its properties
 * once; that list drives {@code -device TYPE,prop=value} parsing, {@code -device TYPE,help},
 * defaults, introspection and the values a device writes into the device tree.
 *
 * <p>Declare properties as constants of the device class and read them in {@code onRealize}:
 *
 * <pre>{@code
 * static final Property<Long> REGSHIFT = Property.uint8("regshift", 0, "Register stride as a power of two");
 * ...
 * int shift = (int) (long) get(REGSHIFT);
 * }</pre>
 *
 * @param <T> the Java type of values
 */
public final class Property<T> {
    private final String name;
    private final PropertyType<T> type;
    private final T defaultValue;
    private final String help;

    private Property(String name, PropertyType<T> type, T defaultValue, String help) {
        if (!name.matches("[a-zA-Z][a-zA-Z0-9_.-]*")) {
            throw new IllegalArgumentException("bad property name '" + name + "'");
        }
        this.name = name;
        this.type = Objects.requireNonNull(type);
        this.defaultValue = defaultValue;
        this.help = help == null ? "" : help;
        if (defaultValue != null) {
            type.check(defaultValue);
        }
    }

    /** A property of any type; {@code defaultValue} may be null (unset). */
    public static <T> Property<T> of(String name, PropertyType<T> type, T defaultValue, String help) {
        return new Property<>(name, type, defaultValue, help);
    }

    public static Property<Boolean> bool(String name, boolean defaultValue, String help) {
        return of(name, PropertyTypes.BOOL, defaultValue, help);
    }

    public static Property<Long> uint8(String name, long defaultValue, String help) {
        return of(name, PropertyTypes.UINT8, defaultValue, help);
    }

    public static Property<Long> uint16(String name, long defaultValue, String help) {
        return of(name, PropertyTypes.UINT16, defaultValue, help);
    }

    public static Property<Long> uint32(String name, long defaultValue, String help) {
        return of(name, PropertyTypes.UINT32, defaultValue, help);
    }

    public static Property<Long> int32(String name, long defaultValue, String help) {
        return of(name, PropertyTypes.INT32, defaultValue, help);
    }

    public static Property<Long> uint64(String name, long defaultValue, String help) {
        return of(name, PropertyTypes.UINT64, defaultValue, help);
    }

    /** A byte size ({@code 4K}, {@code 2M}). */
    public static Property<Long> size(String name, long defaultValue, String help) {
        return of(name, PropertyTypes.SIZE, defaultValue, help);
    }

    /** A string; {@code defaultValue} may be null. */
    public static Property<String> string(String name, String defaultValue, String help) {
        return of(name, PropertyTypes.STRING, defaultValue, help);
    }

    /** One word of {@code choices}, shown in help as {@code typeName}. */
    public static Property<String> choice(String name, String typeName, String defaultValue, String help, String... choices) {
        return of(name, PropertyTypes.choice(typeName, choices), defaultValue, help);
    }

    /** A character device back end, unset by default. */
    public static Property<Chardev> chardev(String name, String help) {
        return of(name, PropertyTypes.CHARDEV, null, help);
    }

    /** A block back end, unset by default. */
    public static Property<Drive> drive(String name, String help) {
        return of(name, PropertyTypes.DRIVE, null, help);
    }

    public String name() {
        return name;
    }

    public PropertyType<T> type() {
        return type;
    }

    /** The default, or null if the property starts unset. */
    public T defaultValue() {
        return defaultValue;
    }

    public String help() {
        return help;
    }

    /**
     * The help line QEMU prints for a property: {@code   name=<type>   - help (default: x)}.
     */
    public String helpLine() {
        String head = "  " + name + "=<" + type.name() + ">";
        StringBuilder sb = new StringBuilder(head);
        StringBuilder desc = new StringBuilder(help);
        if (!type.describeValues().isEmpty() && !help.contains(type.describeValues())) {
            desc.insert(0, desc.isEmpty() ? type.describeValues() : type.describeValues() + ", ");
        }
        if (defaultValue != null) {
            desc.append(desc.isEmpty() ? "" : " ").append("(default: ").append(type.format(defaultValue)).append(')');
        }
        if (!desc.isEmpty()) {
            sb.append(" ".repeat(Math.max(1, 25 - head.length()))).append("- ").append(desc);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return name + "=<" + type.name() + ">";
    }
}
