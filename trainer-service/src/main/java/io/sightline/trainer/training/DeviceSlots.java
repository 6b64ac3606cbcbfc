package io.sightline.trainer.training;

import ai.djl.Device;

/**
 * Hands out the GPUs a pod was given to the jobs it runs at once: each job gets the least busy ones, so two
 * jobs on a two-GPU pod train on one GPU each instead of both on the first. Without GPUs every job gets the CPU.
 */
final class DeviceSlots {

    private final int[] jobsOnGpu;

    /** @param gpus GPUs the engine sees */
    DeviceSlots(int gpus) {
        this.jobsOnGpu = new int[Math.max(0, gpus)];
    }

    /** The devices for one job: up to {@code wanted} GPUs, the least busy first; the CPU when there are none. */
    synchronized Device[] acquire(int wanted) {
        int count = Math.min(wanted, jobsOnGpu.length);
        if (count <= 0) {
            return new Device[] {Device.cpu()};
        }
        Device[] devices = new Device[count];
        boolean[] taken = new boolean[jobsOnGpu.length];
        for (int d = 0; d < count; d++) {
            int best = -1;
            for (int gpu = 0; gpu < jobsOnGpu.length; gpu++) {
                if (!taken[gpu] && (best < 0 || jobsOnGpu[gpu] < jobsOnGpu[best])) {
                    best = gpu;
                }
            }
            taken[best] = true;
            jobsOnGpu[best]++;
            devices[d] = Device.gpu(best);
        }
        return devices;
    }

    /** Gives back what {@link #acquire} handed out. */
    synchronized void release(Device[] devices) {
        for (Device device : devices) {
            if (device.isGpu() && device.getDeviceId() < jobsOnGpu.length && jobsOnGpu[device.getDeviceId()] > 0) {
                jobsOnGpu[device.getDeviceId()]--;
            }
        }
    }
}
