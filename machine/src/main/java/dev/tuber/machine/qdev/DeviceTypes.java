package dev.tuber.machine.qdev;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every known device type by name: those of the {@link DeviceCatalog} services on the module path,
 * plus types {@linkplain #register registered} at run time (tests, embedders).
 */
public final class DeviceTypes {
    private static final List<DeviceType<?>> REGISTERED = new CopyOnWriteArrayList<>();
    private static volatile Map<String, DeviceType<?>> loaded;

    private DeviceTypes() {
    }

    private static Map<String, DeviceType<?>> loaded() {
        Map<String, DeviceType<?>> m = loaded;
        if (m == null) {
            synchronized (DeviceTypes.class) {
                m = loaded;
                if (m == null) {
                    m = new LinkedHashMap<>();
                    List<DeviceCatalog> catalogs = new ArrayList<>();
                    ServiceLoader.load(DeviceCatalog.class, DeviceCatalog.class.getClassLoader()).forEach(catalogs::add);
                    if (catalogs.isEmpty()) {
                        ServiceLoader.load(DeviceCatalog.class).forEach(catalogs::add);
                    }
                    for (DeviceCatalog c : catalogs) {
                        for (DeviceType<?> t : c.types()) {
                            m.putIfAbsent(t.name(), t);
                        }
                    }
                    loaded = m;
                }
            }
        }
        return m;
    }

    /** Adds a type (replacing a registered one of the same name). */
    public static void register(DeviceType<?> type) {
        REGISTERED.removeIf(t -> t.name().equals(type.name()));
        REGISTERED.add(type);
    }

    public static void unregister(DeviceType<?> type) {
        REGISTERED.remove(type);
    }

    /** The type called {@code name}, or null. */
    public static DeviceType<?> find(String name) {
        for (DeviceType<?> t : REGISTERED) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return loaded().get(name);
    }

    /** All types, sorted by name. */
    public static List<DeviceType<?>> all() {
        Map<String, DeviceType<?>> m = new LinkedHashMap<>(loaded());
        for (DeviceType<?> t : REGISTERED) {
            m.put(t.name(), t);
        }
        List<DeviceType<?>> out = new ArrayList<>(m.values());
        out.sort(Comparator.comparing(DeviceType::name));
        return out;
    }

    /**
     * QEMU's {@code -device help}: the user-creatable types by category, one line each with bus
     * and description.
     */
    public static String listHelp() {
        Map<DeviceCategory, List<DeviceType<?>>> byCategory = new EnumMap<>(DeviceCategory.class);
        for (DeviceType<?> t : all()) {
            if (t.isUserCreatable()) {
                byCategory.computeIfAbsent(t.category(), c -> new ArrayList<>()).add(t);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<DeviceCategory, List<DeviceType<?>>> e : byCategory.entrySet()) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(e.getKey().heading()).append(":\n");
            for (DeviceType<?> t : e.getValue()) {
                sb.append(t.listLine()).append('\n');
            }
        }
        if (sb.isEmpty()) {
            sb.append("No device types can be added with -device yet; the boards create their built-in devices.\n");
        }
        return sb.toString();
    }
}
