package dev.tuber.machine.qdev;

/**
 * The type of a device property: how its text form parses and prints. The {@linkplain #name()
 * name} is what {@code -device TYPE,help} shows between angle brackets, as QEMU does ({@code
 * bool}, {@code uint32}, {@code size}, {@code str}, ...).
 *
 * @param <T> the Java type of values
 * @see PropertyTypes for the built-in types
 */
public interface PropertyType<T> {

    /** The type name shown in help. */
    String name();

    /** The Java class of values, to check values set programmatically by name. */
    Class<T> valueClass();

    /**
     * Parses a value from its command-line form.
     *
     * @throws IllegalArgumentException with a message that completes "Property 'dev.prop' ...",
     *     e.g. {@code expects 'on' or 'off'}
     */
    T parse(String text, PropertyContext context);

    /** The command-line form of {@code value} (which parses back to it). */
    String format(T value);

    /** A short description of accepted values for help ({@code on/off}), or empty. */
    default String describeValues() {
        return "";
    }

    /** Checks a value set programmatically; throws IllegalArgumentException like {@link #parse}. */
    default void check(T value) {
    }
}
