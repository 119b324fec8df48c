package dev.tuber.devices.virtio;

import static dev.tuber.devices.virtio.MockVirtqueue.Buf.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The virtio-mmio transport: registers, the device status state machine and feature negotiation. */
class VirtioMmioTransportTest {
    static final long VERSION_1 = Virtio.bit(Virtio.F_VERSION_1);
    static final long INDIRECT = Virtio.bit(Virtio.F_INDIRECT_DESC);
    static final long RING_RESET = Virtio.bit(Virtio.F_RING_RESET);

    private final VirtioFixture f = new VirtioFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void anEmptyTransportIsAPlaceholderWithDeviceIdZero() {
        f.machine.reset();
        assertEquals(VirtioMmio.MAGIC, f.read(VirtioMmio.MAGIC_VALUE));
        assertEquals(2, f.read(VirtioMmio.VERSION));
        assertEquals(0, f.read(VirtioMmio.DEVICE_ID), "4.2.2: drivers skip device ID 0");
        assertEquals(VirtioMmio.VENDOR, f.read(VirtioMmio.VENDOR_ID));
        f.write(VirtioMmio.STATUS, Virtio.STATUS_ACKNOWLEDGE);
        assertEquals(0, f.read(VirtioMmio.STATUS), "nothing to drive");
        assertEquals("virtio-mmio-bus.0", f.transport.virtioBus().name());
    }

    @Test
    void identifiesTheDeviceAndOffersTransportFeatures() {
        f.device("virtio-rng-device");
        assertEquals(Virtio.ID_ENTROPY, f.read(VirtioMmio.DEVICE_ID));
        assertEquals(VERSION_1 | INDIRECT | RING_RESET, f.deviceFeatures());
        f.write(VirtioMmio.DEVICE_FEATURES_SEL, 2);
        assertEquals(0, f.read(VirtioMmio.DEVICE_FEATURES), "no feature words beyond 64 bits");
        f.write(VirtioMmio.QUEUE_SEL, 0);
        assertEquals(VirtioRng.QUEUE_SIZE, f.read(VirtioMmio.QUEUE_NUM_MAX));
        f.write(VirtioMmio.QUEUE_SEL, 1);
        assertEquals(0, f.read(VirtioMmio.QUEUE_NUM_MAX), "queue 1 does not exist");
        assertEquals(-1, f.read(VirtioMmio.SHM_LEN_LOW), "no shared memory regions");
        assertEquals(-1, f.read(VirtioMmio.SHM_BASE_HIGH));
    }

    @Test
    void featuresOkSticksOnlyForAValidSubsetWithVersion1() {
        f.device("virtio-rng-device");
        assertTrue(f.init(VERSION_1), "a subset with VERSION_1");
        assertEquals(VERSION_1, f.transport.negotiatedFeatures());
        assertFalse(f.init(VERSION_1 | Virtio.bit(Virtio.F_EVENT_IDX)), "EVENT_IDX was not offered");
        assertFalse(f.init(INDIRECT), "a version-2 device needs VERSION_1");
        assertTrue(f.init(VERSION_1 | INDIRECT | RING_RESET));
    }

    @Test
    void featuresAreFrozenOnceFeaturesOkIsSet() {
        f.device("virtio-rng-device");
        assertTrue(f.init(VERSION_1));
        f.writeDriverFeatures(VERSION_1 | INDIRECT);
        assertEquals(VERSION_1, f.transport.negotiatedFeatures(), "3.1.1: no feature changes after FEATURES_OK");
    }

    @Test
    void driverOkWithoutFeaturesOkIsRefused() {
        f.device("virtio-rng-device");
        f.write(VirtioMmio.STATUS, Virtio.STATUS_ACKNOWLEDGE | Virtio.STATUS_DRIVER);
        f.writeDriverFeatures(VERSION_1);
        MockVirtqueue q = f.queue(0, 8);
        f.write(VirtioMmio.STATUS, Virtio.STATUS_ACKNOWLEDGE | Virtio.STATUS_DRIVER | Virtio.STATUS_DRIVER_OK);
        assertEquals(0, f.status() & Virtio.STATUS_DRIVER_OK);
        q.publish(q.chain(out(f.alloc(16), 16)));
        f.notifyQueue(0);
        assertEquals(0, q.usedIdx(), "the device does not run");
    }

    @Test
    void buffersWaitForDriverOk() {
        f.device("virtio-rng-device");
        assertTrue(f.init());
        MockVirtqueue q = f.queue(0, 8);
        q.publish(q.chain(out(f.alloc(32), 32)));
        f.notifyQueue(0);
        assertEquals(0, q.usedIdx(), "3.1.1: no buffers are used before DRIVER_OK");
        assertFalse(f.interruptLine());
        f.driverOk();
        assertEquals(1, q.usedIdx(), "DRIVER_OK starts the device, which takes what is waiting");
        assertTrue(f.interruptLine());
    }

    @Test
    void usedBufferNotificationsAreAcknowledged() {
        f.device("virtio-rng-device");
        assertTrue(f.init());
        MockVirtqueue q = f.queue(0, 8);
        f.driverOk();
        assertFalse(f.interruptLine());
        q.publish(q.chain(out(f.alloc(8), 8)));
        f.notifyQueue(0);
        assertTrue(f.interruptLine());
        assertEquals(Virtio.INTERRUPT_USED_BUFFER, f.read(VirtioMmio.INTERRUPT_STATUS));
        f.write(VirtioMmio.INTERRUPT_ACK, Virtio.INTERRUPT_CONFIG_CHANGE);
        assertTrue(f.interruptLine(), "acknowledging another event leaves this one");
        f.write(VirtioMmio.INTERRUPT_ACK, Virtio.INTERRUPT_USED_BUFFER);
        assertFalse(f.interruptLine());
        assertEquals(0, f.read(VirtioMmio.INTERRUPT_STATUS));
    }

    @Test
    void noInterruptFlagSuppressesTheNotificationButNotTheWork() {
        f.device("virtio-rng-device");
        assertTrue(f.init());
        MockVirtqueue q = f.queue(0, 8);
        f.driverOk();
        q.setAvailFlags(Virtio.AVAIL_F_NO_INTERRUPT);
        q.publish(q.chain(out(f.alloc(8), 8)));
        f.notifyQueue(0);
        assertEquals(1, q.usedIdx());
        assertFalse(f.interruptLine(), "2.7.7: VIRTQ_AVAIL_F_NO_INTERRUPT");
        q.setAvailFlags(0);
        q.publish(q.chain(out(f.alloc(8), 8)));
        f.notifyQueue(0);
        assertTrue(f.interruptLine());
    }

    @Test
    void writingZeroToStatusResetsTheDevice() {
        f.device("virtio-rng-device");
        assertTrue(f.init());
        MockVirtqueue q = f.queue(0, 8);
        f.driverOk();
        q.publish(q.chain(out(f.alloc(8), 8)));
        f.notifyQueue(0);
        assertTrue(f.interruptLine());
        f.write(VirtioMmio.STATUS, 0);
        assertEquals(0, f.status());
        assertEquals(0, f.read(VirtioMmio.INTERRUPT_STATUS));
        assertFalse(f.interruptLine());
        f.write(VirtioMmio.QUEUE_SEL, 0);
        assertEquals(0, f.read(VirtioMmio.QUEUE_READY), "4.2.2.1: reset clears QueueReady");
        assertEquals(0, f.transport.negotiatedFeatures());
    }

    @Test
    void queueReadyReadsBackAndStopsTheQueue() {
        f.device("virtio-rng-device");
        assertTrue(f.init());
        MockVirtqueue q = f.queue(0, 8);
        f.driverOk();
        assertEquals(1, f.read(VirtioMmio.QUEUE_READY));
        f.write(VirtioMmio.QUEUE_READY, 0);
        assertEquals(0, f.read(VirtioMmio.QUEUE_READY));
        q.publish(q.chain(out(f.alloc(8), 8)));
        f.notifyQueue(0);
        assertEquals(0, q.usedIdx(), "4.2.2.1: no queue access while QueueReady is 0");
    }

    @Test
    void queueResetWithRingReset() {
        f.device("virtio-rng-device");
        assertTrue(f.init(VERSION_1 | RING_RESET));
        MockVirtqueue q = f.queue(0, 8);
        f.driverOk();
        q.publish(q.chain(out(f.alloc(8), 8)));
        f.notifyQueue(0);
        assertEquals(1, q.usedIdx());

        f.write(VirtioMmio.QUEUE_SEL, 0);
        f.write(VirtioMmio.QUEUE_RESET, 1);
        assertEquals(0, f.read(VirtioMmio.QUEUE_RESET), "the reset is complete at once");
        assertEquals(0, f.read(VirtioMmio.QUEUE_READY), "4.2.2.1: QueueReady reads 0 after a queue reset");
        assertEquals(Virtio.STATUS_DRIVER_OK, f.status() & Virtio.STATUS_DRIVER_OK, "the rest of the device keeps running");

        // re-enable with fresh rings: the device starts again from index 0
        MockVirtqueue fresh = f.queue(0, 4);
        fresh.publish(fresh.chain(out(f.alloc(8), 8)));
        f.notifyQueue(0);
        assertEquals(1, fresh.usedIdx());
        assertEquals(1, q.usedIdx(), "the old rings are not touched");
    }

    @Test
    void queueResetIsIgnoredWithoutRingReset() {
        f.device("virtio-rng-device");
        assertTrue(f.init(VERSION_1));
        f.queue(0, 8);
        f.driverOk();
        f.write(VirtioMmio.QUEUE_SEL, 0);
        f.write(VirtioMmio.QUEUE_RESET, 1);
        assertEquals(1, f.read(VirtioMmio.QUEUE_READY));
    }

    @Test
    void controlRegistersTake32BitAccessesOnly() {
        f.device("virtio-rng-device");
        assertEquals(0, f.machine.memory().read(VirtioFixture.MMIO + VirtioMmio.MAGIC_VALUE, 1));
        f.machine.memory().write(VirtioFixture.MMIO + VirtioMmio.STATUS, 1, Virtio.STATUS_ACKNOWLEDGE);
        assertEquals(0, f.status(), "a byte write to Status is ignored");
    }

    @Test
    void aBadQueueConfigurationMakesTheDeviceNeedAReset() {
        f.device("virtio-rng-device");
        assertTrue(f.init());
        f.driverOk();
        f.write(VirtioMmio.QUEUE_SEL, 0);
        f.write(VirtioMmio.QUEUE_NUM, 6); // not a power of two
        f.write(VirtioMmio.QUEUE_DESC_LOW, VirtioFixture.RAM);
        f.write(VirtioMmio.QUEUE_DRIVER_LOW, VirtioFixture.RAM + 0x1000);
        f.write(VirtioMmio.QUEUE_DEVICE_LOW, VirtioFixture.RAM + 0x2000);
        f.write(VirtioMmio.QUEUE_READY, 1);
        assertEquals(0, f.read(VirtioMmio.QUEUE_READY));
        assertNotEquals(0, f.status() & Virtio.STATUS_DEVICE_NEEDS_RESET);
        assertEquals(Virtio.INTERRUPT_CONFIG_CHANGE, f.read(VirtioMmio.INTERRUPT_STATUS), "2.1.2: the driver is told");
        assertTrue(f.errors().contains("size 6 is not a power of two"), f.errors());

        // a reset clears the condition; rings outside RAM are refused the same way
        assertTrue(f.init());
        assertEquals(0, f.status() & Virtio.STATUS_DEVICE_NEEDS_RESET);
        f.write(VirtioMmio.QUEUE_SEL, 0);
        f.write(VirtioMmio.QUEUE_NUM, 8);
        f.write(VirtioMmio.QUEUE_DESC_LOW, 0x1000); // the boot ROM, or nothing: not RAM
        f.write(VirtioMmio.QUEUE_READY, 1);
        assertNotEquals(0, f.status() & Virtio.STATUS_DEVICE_NEEDS_RESET);
        assertTrue(f.errors().contains("descriptor table [0x1000, +0x80) is not in guest RAM"), f.errors());
    }

    @Test
    void theDriverCannotSetDeviceNeedsReset() {
        f.device("virtio-rng-device");
        f.write(VirtioMmio.STATUS, Virtio.STATUS_ACKNOWLEDGE | Virtio.STATUS_DEVICE_NEEDS_RESET);
        assertEquals(Virtio.STATUS_ACKNOWLEDGE, f.status());
    }
}
