package dev.tuber.machine.qdev;

import java.util.List;

import dev.tuber.machine.block.Drive;
import dev.tuber.machine.chardev.Chardev;
import dev.tuber.machine.options.QemuOpts;
import dev.tuber.machine.options.Sizes;

/**
 * The built-in property types, named as QEMU names them in {@code -device TYPE,help}.
 * Integers of every width are {@link Long} values, range-checked; references to back ends resolve
 * through the {@link PropertyContext} when the text is parsed, so that a misspelt id is reported
 * where it was written.
 */
public final class PropertyTypes {
    private PropertyTypes() {
    }

    /** {@code on/off} (also {@code yes/no}, {@code true/false}). */
    public static final PropertyType<Boolean> BOOL = new PropertyType<>() {
        @Override
        public String name() {
            return "bool";
        }

        @Override
        public Class<Boolean> valueClass() {
            return Boolean.class;
        }

        @Override
        public Boolean parse(String text, PropertyContext context) {
            Boolean b = QemuOpts.parseBool(text);
            if (b == null) {
                throw new IllegalArgumentException("expects 'on' or 'off', not '" + text + "'");
            }
            return b;
        }

        @Override
        public String format(Boolean value) {
            return value ? "on" : "off";
        }

        @Override
        public String describeValues() {
            return "on/off";
        }
    };

    public static final PropertyType<Long> UINT8 = new IntegerType("uint8", 0, 0xFFL);
    public static final PropertyType<Long> UINT16 = new IntegerType("uint16", 0, 0xFFFFL);
    public static final PropertyType<Long> UINT32 = new IntegerType("uint32", 0, 0xFFFF_FFFFL);
    public static final PropertyType<Long> INT32 = new IntegerType("int32", Integer.MIN_VALUE, Integer.MAX_VALUE);
    /** Unsigned 64-bit; values above 2^63 are held as negative longs. */
    public static final PropertyType<Long> UINT64 = new IntegerType("uint64", 0, -1L);

    /** A byte count with optional K/M/G/T suffix. */
    public static final PropertyType<Long> SIZE = new PropertyType<>() {
        @Override
        public String name() {
            return "size";
        }

        @Override
        public Class<Long> valueClass() {
            return Long.class;
        }

        @Override
        public Long parse(String text, PropertyContext context) {
            try {
                return Sizes.parse(text, 1);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expects a size: " + e.getMessage());
            }
        }

        @Override
        public String format(Long value) {
            return Long.toUnsignedString(value);
        }

        @Override
        public void check(Long value) {
            if (value < 0) {
                throw new IllegalArgumentException("expects a non-negative size");
            }
        }
    };

    /** Free text. */
    public static final PropertyType<String> STRING = new PropertyType<>() {
        @Override
        public String name() {
            return "str";
        }

        @Override
        public Class<String> valueClass() {
            return String.class;
        }

        @Override
        public String parse(String text, PropertyContext context) {
            return text;
        }

        @Override
        public String format(String value) {
            return value;
        }
    };

    /** A reference to a character device back end ({@code -chardev id=...}, {@code -serial}). */
    public static final PropertyType<Chardev> CHARDEV = new PropertyType<>() {
        @Override
        public String name() {
            return "str";
        }

        @Override
        public Class<Chardev> valueClass() {
            return Chardev.class;
        }

        @Override
        public Chardev parse(String text, PropertyContext context) {
            Chardev c = context.chardev(text);
            if (c == null) {
                throw new IllegalArgumentException("can't find value '" + text + "' (no -chardev with that id)");
            }
            return c;
        }

        @Override
        public String format(Chardev value) {
            return value == null ? "" : value.id();
        }
    };

    /** A reference to a block back end ({@code -drive id=...}, {@code -blockdev node-name=...}). */
    public static final PropertyType<Drive> DRIVE = new PropertyType<>() {
        @Override
        public String name() {
            return "str";
        }

        @Override
        public Class<Drive> valueClass() {
            return Drive.class;
        }

        @Override
        public Drive parse(String text, PropertyContext context) {
            Drive d = context.drive(text);
            if (d == null) {
                throw new IllegalArgumentException("can't find value '" + text + "' (no -drive or -blockdev with that id)");
            }
            return d;
        }

        @Override
        public String format(Drive value) {
            return value == null ? "" : value.id();
        }
    };

    /** One of a fixed set of words (QEMU's enum properties, e.g. {@code OnOffAuto}). */
    public static PropertyType<String> choice(String typeName, String... choices) {
        List<String> allowed = List.of(choices);
        return new PropertyType<>() {
            @Override
            public String name() {
                return typeName;
            }

            @Override
            public Class<String> valueClass() {
                return String.class;
            }

            @Override
            public String parse(String text, PropertyContext context) {
                check(text);
                return text;
            }

            @Override
            public String format(String value) {
                return value;
            }

            @Override
            public String describeValues() {
                return String.join("/", allowed);
            }

            @Override
            public void check(String value) {
                if (!allowed.contains(value)) {
                    throw new IllegalArgumentException("expects one of " + String.join(", ", allowed) + ", not '" + value + "'");
                }
            }
        };
    }

    /** Integers, decimal or {@code 0x} hexadecimal, within a range. */
    private static final class IntegerType implements PropertyType<Long> {
        private final String name;
        private final long min;
        private final long max;

        IntegerType(String name, long min, long max) {
            this.name = name;
            this.min = min;
            this.max = max;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Class<Long> valueClass() {
            return Long.class;
        }

        private boolean unsigned64() {
            return max == -1L;
        }

        @Override
        public Long parse(String text, PropertyContext context) {
            String t = text.trim();
            long v;
            try {
                if (t.startsWith("0x") || t.startsWith("0X")) {
                    v = Long.parseUnsignedLong(t.substring(2), 16);
                } else if (unsigned64()) {
                    v = Long.parseUnsignedLong(t);
                } else {
                    v = Long.parseLong(t);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expects " + name + " (" + range() + "), not '" + text + "'");
            }
            check(v);
            return v;
        }

        private String range() {
            return unsigned64() ? "0.." + Long.toUnsignedString(-1L) : min + ".." + max;
        }

        @Override
        public void check(Long value) {
            if (!unsigned64() && (value < min || value > max)) {
                throw new IllegalArgumentException("expects " + name + " (" + range() + "), not " + value);
            }
        }

        @Override
        public String format(Long value) {
            return unsigned64() ? Long.toUnsignedString(value) : Long.toString(value);
        }
    }
}
