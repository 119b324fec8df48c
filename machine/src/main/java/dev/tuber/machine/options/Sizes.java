package dev.tuber.machine.options;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Byte sizes written as QEMU's {@code qemu_strtosz} reads them: a decimal number (a fraction is
 * allowed, {@code 1.5G}) or a {@code 0x} hexadecimal integer, then an optional suffix {@code B},
 * {@code K}, {@code M}, {@code G}, {@code T}, {@code P} or {@code E} in either case (powers of
 * 1024). Without a suffix the number counts {@code defaultUnit}s: bytes for device properties,
 * MiB for {@code -m}.
 */
public final class Sizes {
    public static final long KiB = 1L << 10;
    public static final long MiB = 1L << 20;
    public static final long GiB = 1L << 30;

    private Sizes() {
    }

    /**
     * Parses a size.
     *
     * @throws IllegalArgumentException with a short reason (the caller adds context)
     */
    public static long parse(String text, long defaultUnit) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty value");
        }
        long unit = defaultUnit;
        char last = Character.toUpperCase(s.charAt(s.length() - 1));
        int shift = "BKMGTPE".indexOf(last);
        boolean hex = s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X');
        // B and E are hexadecimal digits: a hexadecimal number never ends in those suffixes
        if (shift >= 0 && !(hex && (last == 'B' || last == 'E'))) {
            unit = 1L << (10 * shift);
            s = s.substring(0, s.length() - 1).trim();
        }
        if (!hex && isDecimalDigits(s)) {
            // the common case (-m 256M), in long arithmetic: BigDecimal's class initialisation
            // alone costs several milliseconds of every start
            return wholeBytes(text, s, unit);
        }
        BigDecimal number;
        try {
            if (hex) {
                number = new BigDecimal(new BigInteger(s.substring(2), 16));
            } else {
                if (!s.matches("[0-9]+(\\.[0-9]*)?|\\.[0-9]+")) {
                    throw new NumberFormatException();
                }
                number = new BigDecimal(s);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a size (use e.g. 512M or 2G)");
        }
        BigDecimal bytes = number.multiply(BigDecimal.valueOf(unit));
        BigInteger whole;
        try {
            whole = bytes.setScale(0, java.math.RoundingMode.UNNECESSARY).toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of bytes");
        }
        if (whole.bitLength() > 63) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return whole.longValueExact();
    }

    private static boolean isDecimalDigits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false; // longer ones take the general path (which reports them too large)
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static long wholeBytes(String text, String digits, long unit) {
        try {
            return Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
    }

    /** A size for people: {@code 128 MiB}, {@code 1.50 GiB}, {@code 4096 B}. */
    public static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int i = 0;
        double v = bytes;
        while (i < units.length - 1 && Math.abs(v) >= 1024) {
            v /= 1024;
            i++;
        }
        if (i == 0 || v == Math.rint(v)) {
            return (long) v + " " + units[i];
        }
        return String.format(Locale.ROOT, "%.2f %s", v, units[i]);
    }

    /** {@code 0x}-prefixed lower-case hexadecimal, as addresses are shown in messages. */
    public static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
