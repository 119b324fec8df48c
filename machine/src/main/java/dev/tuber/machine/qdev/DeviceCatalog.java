package dev.tuber.machine.qdev;

import java.util.List;

/**
 * A module's contribution of device types, found with {@link java.util.ServiceLoader} ({@code
 * provides dev.tuber.machine.qdev.DeviceCatalog with ...} in the module descriptor). Boards and
 * {@code -device} find types by name in {@link DeviceTypes}.
 */
public interface DeviceCatalog {

    /** The device types this module provides. */
    List<DeviceType<?>> types();
}
