package dev.tuber.machine.options;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tuber.isa.spi.BoardException;

/**
 * One QEMU option argument, parsed as QEMU's {@code QemuOpts} parses it: comma-separated {@code
 * key=value} elements, where {@code ,,} stands for a literal comma inside a value, and where the
 * first element may omit its key (the option's implied key: in {@code -device
 * serial-mm,chardev=c0} the element {@code serial-mm} is the value of {@code driver}).
 *
 * <p>A later element without {@code =} is a flag set to {@code on}, except {@code help} and {@code
 * ?}, which ask for help. When a key repeats, the last value wins, as in QEMU.
 *
 * <p>Consumers take values with the getters, which mark keys as used; {@link #checkAllUsed()} then
 * rejects whatever nobody asked for, so that a misspelt key is an error rather than silently
 * ignored. Every error names the option and its argument, as QEMU's messages do: {@code -drive
 * file=x,formt=raw: Invalid parameter 'formt'}.
 */
public final class QemuOpts {
    private final String option;
    private final String text;
    private final String impliedKey;
    private final LinkedHashMap<String, String> values;
    private final boolean help;
    private final Set<String> used = new HashSet<>();

    private QemuOpts(String option, String text, String impliedKey, LinkedHashMap<String, String> values, boolean help) {
        this.option = option;
        this.text = text;
        this.impliedKey = impliedKey;
        this.values = values;
        this.help = help;
    }

    /**
     * Parses {@code text}, the argument of {@code option}.
     *
     * @param option the option name for messages, e.g. {@code -device}
     * @param impliedKey the key of a first element written without {@code key=}, or null if the
     *     option has none (a bare first element is then a flag)
     */
    public static QemuOpts parse(String option, String text, String impliedKey) {
        LinkedHashMap<String, String> values = new LinkedHashMap<>();
        boolean help = false;
        List<String> elements = split(text);
        for (int i = 0; i < elements.size(); i++) {
            String element = elements.get(i);
            if (element.isEmpty()) {
                continue;
            }
            int eq = element.indexOf('=');
            if (eq < 0) {
                if (element.equals("help") || element.equals("?")) {
                    help = true;
                } else if (i == 0 && impliedKey != null) {
                    values.put(impliedKey, element);
                } else {
                    values.put(element, "on");
                }
                continue;
            }
            String key = element.substring(0, eq);
            if (key.isEmpty()) {
                throw new BoardException(option + " " + text + ": Invalid parameter ''");
            }
            values.put(key, element.substring(eq + 1));
        }
        return new QemuOpts(option, text, impliedKey, values, help);
    }

    /**
     * Splits at single commas; {@code ,,} is a literal comma. Elements keep their {@code =}.
     */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',') {
                if (i + 1 < text.length() && text.charAt(i + 1) == ',') {
                    current.append(',');
                    i++;
                } else {
                    out.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out;
    }

    /** Escapes a value for inclusion in an option string ({@code ,} becomes {@code ,,}). */
    public static String escape(String value) {
        return value.replace(",", ",,");
    }

    /** The option name, e.g. {@code -device}. */
    public String option() {
        return option;
    }

    /** The argument as given. */
    public String text() {
        return text;
    }

    /** Whether {@code help} or {@code ?} appeared as an element. */
    public boolean helpRequested() {
        return help;
    }

    /** The value of the implied first key, or null. */
    public String implied() {
        return impliedKey == null ? null : get(impliedKey);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The value of {@code key} (marking it used), or null when absent. */
    public String get(String key) {
        used.add(key);
        return values.get(key);
    }

    /** The value of {@code key} (marking it used), or {@code defaultValue} when absent. */
    public String get(String key, String defaultValue) {
        String v = get(key);
        return v == null ? defaultValue : v;
    }

    /** A mandatory value: an error naming the key when absent. */
    public String require(String key) {
        String v = get(key);
        if (v == null) {
            throw error("Parameter '" + key + "' is missing");
        }
        return v;
    }

    /** A boolean value in QEMU's spellings ({@code on/off, yes/no, true/false, y/n}). */
    public boolean getBool(String key, boolean defaultValue) {
        String v = get(key);
        if (v == null) {
            return defaultValue;
        }
        Boolean b = parseBool(v);
        if (b == null) {
            throw error("Parameter '" + key + "' expects 'on' or 'off'");
        }
        return b;
    }

    /** A size in bytes (suffixes K, M, G, T, P, E; a plain number counts {@code defaultUnit}s). */
    public long getSize(String key, long defaultValue, long defaultUnit) {
        String v = get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Sizes.parse(v, defaultUnit);
        } catch (IllegalArgumentException e) {
            throw error("Parameter '" + key + "' expects a size: " + e.getMessage());
        }
    }

    /** A non-negative decimal integer no larger than {@code max}. */
    public long getUnsigned(String key, long defaultValue, long max) {
        String v = get(key);
        if (v == null) {
            return defaultValue;
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw error("Parameter '" + key + "' expects integer");
        }
        if (n < 0 || n > max) {
            throw error("Parameter '" + key + "' expects an integer between 0 and " + max);
        }
        return n;
    }

    /** The keys present, in order (consumed or not). */
    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** Keys and values nobody has asked for yet, in order. */
    public Map<String, String> unused() {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!used.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Rejects the first key nobody asked for, as QEMU's "Invalid parameter" does. */
    public void checkAllUsed() {
        for (String key : values.keySet()) {
            if (!used.contains(key)) {
                throw error("Invalid parameter '" + key + "'");
            }
        }
    }

    /** A user error about this argument: the message is prefixed with the option and its text. */
    public BoardException error(String message) {
        return new BoardException(option + " " + text + ": " + message);
    }

    /** QEMU's boolean spellings; null when {@code text} is none of them. */
    public static Boolean parseBool(String text) {
        return switch (text) {
            case "on", "yes", "true", "y" -> Boolean.TRUE;
            case "off", "no", "false", "n" -> Boolean.FALSE;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return option + " " + text;
    }
}
