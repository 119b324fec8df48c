package dev.tuber.machine.qdev;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tuber.isa.spi.BoardException;

/**
 * The values of a property table for one object (a device, a board): defaults first, then what
 * the board or the user set, frozen once the object is realized. All errors name the object and
 * the property as QEMU's do ({@code Property 'serial-mm.foo' not found}).
 */
public final class PropertySet {
    private final String owner;
    private final List<Property<?>> table;
    private final Map<Property<?>, Object> values = new IdentityHashMap<>();
    private final Set<Property<?>> assigned = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean frozen;

    /**
     * @param owner the type name used in messages ({@code serial-mm}, {@code virt-machine})
     * @param table the properties, in help order
     */
    public PropertySet(String owner, List<Property<?>> table) {
        this.owner = owner;
        this.table = List.copyOf(table);
        for (Property<?> p : this.table) {
            values.put(p, p.defaultValue());
        }
    }

    public String owner() {
        return owner;
    }

    public List<Property<?>> table() {
        return table;
    }

    /** The property called {@code name}, or null. */
    public Property<?> find(String name) {
        for (Property<?> p : table) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private void requireMember(Property<?> p) {
        if (!values.containsKey(p)) {
            throw new IllegalArgumentException("'" + p.name() + "' is not a property of " + owner);
        }
    }

    /** The current value (the default if never set; null if unset without default). */
    @SuppressWarnings("unchecked")
    public <T> T get(Property<T> p) {
        requireMember(p);
        return (T) values.get(p);
    }

    /** Whether the property was set (rather than left at its default). */
    public boolean isSet(Property<?> p) {
        return assigned.contains(p);
    }

    /**
     * Sets a value programmatically (boards wiring their devices).
     *
     * @throws IllegalStateException once frozen; IllegalArgumentException for a bad value
     */
    public <T> void set(Property<T> p, T value) {
        requireMember(p);
        checkNotFrozen(p.name());
        if (value != null) {
            try {
                p.type().check(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Property '" + owner + "." + p.name() + "' " + e.getMessage());
            }
        }
        values.put(p, value);
        assigned.add(p);
    }

    /** Sets a value by property name, checking its Java type. */
    public void setByName(String name, Object value) {
        Property<?> p = lookup(name);
        setUnchecked(p, value);
    }

    @SuppressWarnings("unchecked")
    private <T> void setUnchecked(Property<T> p, Object value) {
        if (value != null && !p.type().valueClass().isInstance(value)) {
            if (p.type().valueClass() == Long.class && value instanceof Integer i) {
                value = i.longValue();
            } else {
                throw new IllegalArgumentException("Property '" + owner + "." + p.name() + "' takes a "
                                + p.type().valueClass().getSimpleName() + ", not a " + value.getClass().getSimpleName());
            }
        }
        set(p, (T) value);
    }

    /**
     * Parses and sets a value given as text ({@code -device}, {@code -M}, polyglot).
     *
     * @throws BoardException for an unknown property, a bad value, or a frozen set
     */
    public void parse(String name, String text, PropertyContext context) {
        Property<?> p = lookup(name);
        if (frozen) {
            throw new BoardException("Property '" + owner + "." + name + "' cannot be changed: the device is realized");
        }
        parseInto(p, text, context);
    }

    private <T> void parseInto(Property<T> p, String text, PropertyContext context) {
        T v;
        try {
            v = p.type().parse(text, context);
        } catch (IllegalArgumentException e) {
            throw new BoardException("Property '" + owner + "." + p.name() + "' " + e.getMessage());
        }
        values.put(p, v);
        assigned.add(p);
    }

    private Property<?> lookup(String name) {
        Property<?> p = find(name);
        if (p == null) {
            throw new BoardException("Property '" + owner + "." + name + "' not found" + validList());
        }
        return p;
    }

    private String validList() {
        if (table.isEmpty()) {
            return " (" + owner + " has no properties)";
        }
        List<String> names = new ArrayList<>();
        table.forEach(p -> names.add(p.name()));
        return " (valid properties: " + String.join(", ", names) + ")";
    }

    /** The text form of the current value of {@code name} (empty if unset). */
    public String format(String name) {
        return formatValue(lookup(name));
    }

    private <T> String formatValue(Property<T> p) {
        T v = get(p);
        return v == null ? "" : p.type().format(v);
    }

    /** All values in text form, in table order. */
    public Map<String, String> formatAll() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Property<?> p : table) {
            out.put(p.name(), formatValue(p));
        }
        return out;
    }

    /** The values themselves, in table order (nulls for unset). */
    public Map<Property<?>, Object> values() {
        Map<Property<?>, Object> out = new LinkedHashMap<>();
        for (Property<?> p : table) {
            out.put(p, values.get(p));
        }
        return out;
    }

    public void freeze() {
        frozen = true;
    }

    public void unfreeze() {
        frozen = false;
    }

    public boolean isFrozen() {
        return frozen;
    }

    private void checkNotFrozen(String name) {
        if (frozen) {
            throw new IllegalStateException("Property '" + owner + "." + name + "' cannot be changed: the device is realized");
        }
    }

    /** QEMU's {@code TYPE options:} listing. */
    public static String help(String owner, List<Property<?>> table) {
        StringBuilder sb = new StringBuilder(owner).append(" options:\n");
        List<Property<?>> sorted = new ArrayList<>(table);
        sorted.sort((a, b) -> a.name().compareTo(b.name()));
        for (Property<?> p : sorted) {
            sb.append(p.helpLine()).append('\n');
        }
        if (table.isEmpty()) {
            sb.append("  (no properties)\n");
        }
        return sb.toString();
    }
}
