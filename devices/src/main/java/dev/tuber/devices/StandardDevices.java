package dev.tuber.devices;

import java.util.List;

import dev.tuber.devices.htif.Htif;
import dev.tuber.devices.intc.SifiveClint;
import dev.tuber.devices.intc.SifivePlic;
import dev.tuber.devices.misc.PvPanic;
import dev.tuber.devices.misc.SifiveTest;
import dev.tuber.devices.rtc.GoldfishRtc;
import dev.tuber.devices.serial.Ns16550a;
import dev.tuber.devices.virtio.VirtioBlk;
import dev.tuber.devices.virtio.VirtioMmio;
import dev.tuber.devices.virtio.VirtioRng;
import dev.tuber.machine.qdev.DeviceCatalog;
import dev.tuber.machine.qdev.DeviceType;

/** The device types of this module, registered with the machine layer as a {@link DeviceCatalog}. */
public final class StandardDevices implements DeviceCatalog {

    /** For the service loader. */
    public StandardDevices() {
    }

    @Override
    public List<DeviceType<?>> types() {
        return List.of(Ns16550a.TYPE, SifiveClint.TYPE, SifivePlic.TYPE, SifiveTest.TYPE, Htif.TYPE, GoldfishRtc.TYPE, PvPanic.TYPE,
                        VirtioMmio.TYPE, VirtioBlk.TYPE, VirtioRng.TYPE);
    }
}
