package dev.tuber.machine;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Calls into the host's C library through the foreign-function API, where Tuber uses Linux
 * system calls (guest RAM with {@code mmap}, compiler thread priorities with {@code
 * setpriority}). Each use has a fallback for when this returns null.
 */
public final class LinuxLibc {
    private LinuxLibc() {
    }

    /**
     * A downcall handle for the C library function {@code name}, or null when the host is not
     * Linux, the function is missing, or native access is denied to this module
     * ({@code --enable-native-access=dev.tuber.machine}).
     */
    @SuppressWarnings("restricted")
    public static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find(name).map(symbol -> linker.downcallHandle(symbol, descriptor)).orElse(null);
        } catch (IllegalCallerException | UnsupportedOperationException e) {
            return null; // no native access for this module
        }
    }
}
