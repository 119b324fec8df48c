package dev.tuber.machine.qdev;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A kind of device (QEMU's device class): its name, the bus it plugs into, its one property
 * table, whether users may create it with {@code -device}, and how to construct an instance.
 *
 * <p>Every device class declares its type as a constant:
 *
 * <pre>{@code
 * public static final DeviceType<SifiveTest> TYPE = DeviceType.builder("riscv.sifive.test", SifiveTest::new)
 *         .description("SiFive test finisher")
 *         .bus(BusType.SYSTEM)
 *         .notUserCreatable("part of the virt board, at a fixed address")
 *         .build();
 * }</pre>
 *
 * and lists it in its module's {@link DeviceCatalog}. A type may extend another one ({@link
 * Builder#parent}); it then has the parent's properties followed by its own.
 *
 * @param <D> the device class
 */
public final class DeviceType<D extends Device> {
    private final String name;
    private final String description;
    private final DeviceCategory category;
    private final BusType bus;
    private final String notUserCreatableReason;
    private final List<Property<?>> properties;
    private final Function<DeviceType<D>, D> factory;

    private DeviceType(Builder<D> b) {
        this.name = b.name;
        this.description = b.description;
        this.category = b.category;
        this.bus = b.bus;
        this.notUserCreatableReason = b.notUserCreatableReason;
        List<Property<?>> all = new ArrayList<>();
        if (b.parent != null) {
            all.addAll(b.parent.properties);
        }
        for (Property<?> p : b.properties) {
            for (Property<?> q : all) {
                if (q.name().equals(p.name())) {
                    throw new IllegalArgumentException("device type " + name + " declares property '" + p.name() + "' twice");
                }
            }
            all.add(p);
        }
        this.properties = Collections.unmodifiableList(all);
        this.factory = b.factory;
    }

    /**
     * Starts a type.
     *
     * @param name the {@code -device} name
     * @param factory the device constructor; it receives the type and must not fail
     */
    public static <D extends Device> Builder<D> builder(String name, Function<DeviceType<D>, D> factory) {
        return new Builder<>(name, factory);
    }

    public String name() {
        return name;
    }

    /** One line, for {@code -device help}; may be empty. */
    public String description() {
        return description;
    }

    public DeviceCategory category() {
        return category;
    }

    /** The kind of bus the device plugs into, or null if it sits on none. */
    public BusType bus() {
        return bus;
    }

    /** Whether {@code -device} may create it. */
    public boolean isUserCreatable() {
        return notUserCreatableReason == null;
    }

    /** Why users may not create it (null if they may). */
    public String notUserCreatableReason() {
        return notUserCreatableReason;
    }

    /** The property table, inherited properties first. */
    public List<Property<?>> properties() {
        return properties;
    }

    /** The property called {@code propertyName}, or null. */
    public Property<?> property(String propertyName) {
        for (Property<?> p : properties) {
            if (p.name().equals(propertyName)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Constructs a device of this type with default property values, not on any bus and not
     * realized. Construction cannot fail.
     */
    public D instantiate() {
        D d = factory.apply(this);
        if (d.type() != this) {
            throw new IllegalStateException("device factory of " + name + " built a " + d.type().name());
        }
        return d;
    }

    /** QEMU's {@code -device TYPE,help} text: the properties with types, defaults and help. */
    public String help() {
        StringBuilder sb = new StringBuilder(PropertySet.help(name, properties));
        if (!isUserCreatable()) {
            sb.append("(").append(name).append(" cannot be created with -device: ").append(notUserCreatableReason).append(")\n");
        }
        return sb.toString();
    }

    /** QEMU's {@code -device help} line: {@code name "x", bus System, desc "..."}. */
    public String listLine() {
        StringBuilder sb = new StringBuilder("name \"").append(name).append('"');
        if (bus != null) {
            sb.append(", bus ").append(bus.name());
        }
        if (!description.isEmpty()) {
            sb.append(", desc \"").append(description).append('"');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds a {@link DeviceType}. */
    public static final class Builder<D extends Device> {
        private final String name;
        private final Function<DeviceType<D>, D> factory;
        private String description = "";
        private DeviceCategory category = DeviceCategory.UNCATEGORIZED;
        private BusType bus;
        private String notUserCreatableReason;
        private DeviceType<?> parent;
        private final List<Property<?>> properties = new ArrayList<>();

        private Builder(String name, Function<DeviceType<D>, D> factory) {
            if (!name.matches("[a-zA-Z][a-zA-Z0-9_.,-]*")) {
                throw new IllegalArgumentException("bad device type name '" + name + "'");
            }
            this.name = name;
            this.factory = Objects.requireNonNull(factory);
        }

        public Builder<D> description(String text) {
            this.description = text;
            return this;
        }

        public Builder<D> category(DeviceCategory value) {
            this.category = value;
            return this;
        }

        public Builder<D> bus(BusType value) {
            this.bus = value;
            return this;
        }

        /** Inherit {@code type}'s properties (and its bus, unless set here). */
        public Builder<D> parent(DeviceType<?> type) {
            this.parent = type;
            if (bus == null) {
                bus = type.bus();
            }
            return this;
        }

        public Builder<D> properties(Property<?>... list) {
            Collections.addAll(properties, list);
            return this;
        }

        /**
         * Forbids {@code -device}; {@code reason} says why (the board creates it at a fixed
         * place, it needs wiring only a board can do, ...) and is shown to users who try.
         */
        public Builder<D> notUserCreatable(String reason) {
            this.notUserCreatableReason = Objects.requireNonNull(reason);
            return this;
        }

        public DeviceType<D> build() {
            return new DeviceType<>(this);
        }
    }
}
