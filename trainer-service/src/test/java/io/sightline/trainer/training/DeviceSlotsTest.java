package io.sightline.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class DeviceSlotsTest {

    @Test
    void jobsOnATwoGpuPodTrainOnOneGpuEachAndShareOnlyWhenThereAreMoreJobs() {
        DeviceSlots slots = new DeviceSlots(2);

        Device[] first = slots.acquire(1);
        Device[] second = slots.acquire(1);
        Device[] third = slots.acquire(1);

        assertThat(first).containsExactly(Device.gpu(0));
        assertThat(second).containsExactly(Device.gpu(1));
        assertThat(third).hasSize(1); // both busy: it shares one
        slots.release(first);
        slots.release(third);
        assertThat(slots.acquire(1)).containsExactly(Device.gpu(0)); // gpu 1 still has the second job
    }

    @Test
    void aJobAskingForSeveralGpusGetsTheLeastBusyOnesAndNeverMoreThanThereAre() {
        DeviceSlots slots = new DeviceSlots(3);
        slots.acquire(1); // gpu 0

        assertThat(slots.acquire(2)).containsExactly(Device.gpu(1), Device.gpu(2));
        assertThat(new DeviceSlots(2).acquire(8)).containsExactly(Device.gpu(0), Device.gpu(1));
    }

    @Test
    void withoutGpusOrWithGpusTurnedOffEveryJobGetsTheCpu() {
        assertThat(new DeviceSlots(0).acquire(1)).containsExactly(Device.cpu());
        assertThat(new DeviceSlots(4).acquire(0)).containsExactly(Device.cpu());
    }
}
